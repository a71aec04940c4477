# Service constructors: a plain list of operation functions, one per operation of botocore's
# model, with paws's formals (model order; required arguments without default, the others
# `= NULL`).
#
# The functions are built once per service from the signature table the Python core gives,
# and kept as templates; a constructor call only makes the Python client and gives each
# template a fresh environment holding that client's handle. Each function's body is
#   .pb_invoke(.pb_svc, "<op>", list(<Arg> = <Arg>, ...))
# so R itself reports a missing required argument or an unused one, exactly as in paws.

.pb_templates_cache <- new.env(parent = emptyenv())

cognitoidentityprovider <- function(config = list(), credentials = list(), endpoint = NULL,
                                    region = NULL) {
  .pb_service("cognitoidentityprovider", config, credentials, endpoint, region)
}

# The XML-protocol services (issue 10; the registry generates every constructor when it lands)
s3 <- function(config = list(), credentials = list(), endpoint = NULL, region = NULL) {
  .pb_s3_extras(.pb_service("s3", config, credentials, endpoint, region))
}
sts <- function(config = list(), credentials = list(), endpoint = NULL, region = NULL) {
  .pb_service("sts", config, credentials, endpoint, region)
}
iam <- function(config = list(), credentials = list(), endpoint = NULL, region = NULL) {
  .pb_service("iam", config, credentials, endpoint, region)
}
sns <- function(config = list(), credentials = list(), endpoint = NULL, region = NULL) {
  .pb_service("sns", config, credentials, endpoint, region)
}
ec2 <- function(config = list(), credentials = list(), endpoint = NULL, region = NULL) {
  .pb_service("ec2", config, credentials, endpoint, region)
}

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
