# The crossing shared by to_frame() and batch_call(): the Python module that builds R data.frames
# (paws_bridge.r.tables), reached through the same exchange environment as every operation
# call (see call.R): R leaves its value in `args`, Python reads it from R memory by shape and
# leaves an R data.frame in `result`, or an error record that R signals.

# The tables module, with the exchange environment attached to Python first.
.pb_tables <- function() {
  rt <- .pb_runtime()
  list(exchange = rt$exchange, module = .pb_module("paws_bridge.r.tables"))
}

# Run `fun(...)` (a Python entry point of the tables module) with `args` in the exchange;
# the R value Python left in `result`, or the condition it recorded, signalled with `call`.
.pb_tables_call <- function(tables, fun, args, ..., call = sys.call(-1L)) {
  exchange <- tables$exchange
  exchange$args <- args
  on.exit(exchange$args <- NULL, add = TRUE)
  status <- tables$module[[fun]](...)
  if (!identical(status, .PB_OK)) {
    .pb_signal(status, .pb_take(exchange, "error"), call)
  }
  .pb_take(exchange, "result")
}

# The service and operation names of a bridge operation function (svc$list_users), or NULL.
.pb_operation_info <- function(fn) {
  info <- if (is.function(fn)) attr(fn, "paws_bridge", exact = TRUE)
  if (is.list(info) && is.character(info$service) && is.character(info$operation)) info
}
