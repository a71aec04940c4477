# The one call path: every operation function ends in .pb_invoke().
#
# R hands values to Python through an "exchange" environment instead of reticulate's generic
# conversion (which turns NA into True, cannot tell 1 from c(1), ...): R stores the argument
# list there and calls the Python host with two scalars (a service handle and the operation
# name). Python (paws_bridge/r/host.py) reads the arguments straight from R memory through
# rpy2, by the operation's input shape, makes the call and assigns the R result -- built
# through rpy2 by the output shape -- back into the same environment. Python never makes R
# evaluate anything and never signals R conditions; it returns a status, and R signals.

.pb_rt <- new.env(parent = emptyenv())

# Status codes returned by the host (see host.py).
.PB_OK <- 0L
.PB_PAWS_ERROR <- 1L
.PB_BRIDGE_ERROR <- 2L

# The runtime: the exchange environment, attached to Python once, and the host's entry
# points as Python callables (looked up once; a call costs one .Call into python.R's starter,
# no reticulate).
.pb_runtime <- function() {
  if (!is.null(.pb_rt$call)) {
    return(.pb_rt)
  }
  host <- function(name) .pb_py_function("paws_bridge.r.host", name)
  exchange <- new.env(parent = emptyenv())
  host("attach_environment")(exchange)  # passed as its address; .pb_rt keeps it alive
  .pb_rt$exchange <- exchange
  .pb_rt$signatures <- host("signatures")
  .pb_rt$new_service <- host("new_service")
  .pb_rt$call <- host("call")
  .pb_rt
}

# Take the value Python left in the exchange under `name`, leaving nothing behind.
.pb_take <- function(exchange, name) {
  value <- exchange[[name]]
  exchange[[name]] <- NULL
  value
}

# Call operation `op` of service `svc` (an environment holding the Python handle) with the
# argument list `args` (every formal, NULL when unset). Returns paws's value or signals.
.pb_invoke <- function(svc, op, args) {
  rt <- .pb_rt
  if (is.null(rt$call)) rt <- .pb_runtime()
  exchange <- rt$exchange
  exchange$args <- args
  status <- rt$call(svc$handle, op)
  exchange$args <- NULL
  if (identical(status, .PB_OK)) {
    return(.pb_take(exchange, "result"))
  }
  .pb_signal(status, .pb_take(exchange, "error"), sys.call(-1L))
}

# The signature table of a service: list(operations, arguments, required), model order.
.pb_signatures <- function(service) {
  rt <- .pb_runtime()
  status <- rt$signatures(service)
  if (!identical(status, .PB_OK)) {
    .pb_signal(status, .pb_take(rt$exchange, "error"), sys.call(-1L))
  }
  .pb_take(rt$exchange, "result")
}

# A Python client for a service; returns its handle (an integer).
.pb_new_client <- function(service, settings, call = sys.call(-1L)) {
  rt <- .pb_runtime()
  exchange <- rt$exchange
  exchange$args <- settings
  handle <- rt$new_service(service)
  exchange$args <- NULL
  if (handle < 0L) {
    .pb_signal(-handle, .pb_take(exchange, "error"), call)
  }
  handle
}
