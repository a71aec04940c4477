# Service constructors: a plain list of operation functions, one per operation of botocore's
# model, with paws's formals (model order; required arguments without default, the others
# `= NULL`). The constructors themselves (one per service, paws's names) are generated into
# constructors.R by scripts/gen_registry.py; each calls .pb_service().
#
# The functions are built once per service from the signature table the Python core gives,
# and kept as templates; a constructor call only makes the Python client and gives each
# template a fresh environment holding that client's handle. Each function's body is
#   .pb_invoke(.pb_svc, "<op>", list(<Arg> = <Arg>, ...))
# so R itself reports a missing required argument or an unused one, exactly as in paws.

.pb_templates_cache <- new.env(parent = emptyenv())

.pb_service <- function(service, config, credentials, endpoint, region) {
  templates <- .pb_templates(service)
  handle <- .pb_new_client(service, list(config = config, credentials = credentials,
                                         endpoint = endpoint, region = region),
                           call = sys.call(-1L))
  env <- new.env(parent = environment(.pb_service))
  env$.pb_svc <- env
  env$handle <- handle
  env$service <- service
  ops <- lapply(templates, `environment<-`, env)
  ops <- c(ops, .pb_retired_functions(service))
  attr(ops, "paws_bridge_service") <- service
  class(ops) <- "paws_bridge_service"
  ops
}

# The operation functions of a service, built once from the signature table.
.pb_templates <- function(service) {
  templates <- .pb_templates_cache[[service]]
  if (is.null(templates)) {
    table <- .pb_signatures(service)
    templates <- mapply(.pb_make_operation, table$operations, table$arguments, table$required,
                        MoreArgs = list(service = service), SIMPLIFY = FALSE)
    names(templates) <- table$operations
    .pb_templates_cache[[service]] <- templates
  }
  templates
}

# One operation function: formals from the model, body handing every argument to .pb_invoke.
.pb_make_operation <- function(operation, arguments, required, service) {
  formals <- rep(list(NULL), length(arguments))
  names(formals) <- arguments
  formals[required] <- list(quote(expr = ))
  args <- lapply(arguments, as.name)
  names(args) <- arguments
  body <- call(".pb_invoke", quote(.pb_svc), operation, as.call(c(list(as.name("list")), args)))
  fn <- as.function(c(formals, body), envir = environment(.pb_make_operation))
  attr(fn, "paws_bridge") <- list(service = service, operation = operation)
  fn
}

# Operations paws has that AWS retired (botocore dropped them): a function that says so,
# rather than a NULL that fails with "attempt to apply non-function".
.pb_retired_functions <- function(service) {
  retired <- .pb_retired_operations[[service]]
  fns <- lapply(retired, function(op) {
    force(op)
    function(...) {
      stop(sprintf(paste0("%s: %s() is not available: AWS has retired the operation, and ",
                          "botocore (whose model the bridge runs on) no longer has it"),
                   service, op), call. = FALSE)
    }
  })
  names(fns) <- retired
  fns
}

# A service paws has that AWS retired: the constructor says so.
.pb_retired_service <- function(service) {
  stop(sprintf(paste0("%s() is not available: AWS has retired the service, and botocore ",
                      "(whose model the bridge runs on) no longer has it"), service),
       call. = FALSE)
}

print.paws_bridge_service <- function(x, ...) {
  service <- attr(x, "paws_bridge_service", exact = TRUE)
  ops <- names(x)
  env <- if (length(x)) environment(x[[1L]]) else NULL
  cat(sprintf("<paws.bridge service %s: %d operations>\n", service, length(ops)))
  shown <- utils::head(ops, 8L)
  cat(paste0("  $", shown, "()", collapse = "\n"), "\n", sep = "")
  if (length(ops) > length(shown)) {
    cat(sprintf("  ... and %d more: names(x) lists them all\n", length(ops) - length(shown)))
  }
  invisible(x)
}
