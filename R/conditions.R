# Conditions, built and signalled in R from the records Python leaves (Python never signals).
#
# A service error is paws's condition: class
#   c("<Code>", "paws_error", "http_<status>", ["http_<status %/% 100 * 100>",] "http_error",
#     "error", "condition")
# (the code class in front lets tryCatch(UserNotFoundException = ...) work), with fields
# message ("<Code> (HTTP <status>). <Message>"), call, status_code (integer, as paws) and
# error_response (the decoded body, as jsonlite reads it), also kept as attributes as paws does.
# A bridge error (bad arguments, bad config, no credentials, unreachable endpoint) is a plain
# R error of class c("paws_bridge_<kind>", "paws_bridge_error", "error", "condition"); a timeout
# has c("paws_bridge_timeout_error", "paws_bridge_connection_error", "paws_bridge_error", ...).

.pb_http_classes <- function(status) {
  if (length(status) != 1L || is.na(status)) {
    return("http_error")
  }
  hundreds <- status %/% 100L * 100L
  c(sprintf("http_%d", status), if (hundreds != status) sprintf("http_%d", hundreds), "http_error")
}

.pb_paws_condition <- function(record, call = NULL) {
  code <- record$code
  status <- record$status_code
  body <- record$error_response
  prefix <- if (length(code) == 1L && !is.na(code) && nzchar(code) && code != "paws_error") code
  structure(
    list(message = record$message, call = call, status_code = status, error_response = body),
    class = c(prefix, "paws_error", .pb_http_classes(status), "error", "condition"),
    status_code = status,
    error_response = body
  )
}

.pb_bridge_condition <- function(record, call = NULL) {
  cls <- record$class
  if (!is.character(cls) || length(cls) != 1L) cls <- "paws_bridge_internal_error"
  cls <- strsplit(cls, " ", fixed = TRUE)[[1L]]  # e.g. "paws_bridge_timeout_error paws_bridge_connection_error"
  structure(
    list(message = record$message, call = call),
    class = unique(c(cls, "paws_bridge_error", "error", "condition"))
  )
}

# Signal the condition for a host status and its error record.
.pb_signal <- function(status, record, call = NULL) {
  cond <- if (identical(as.integer(status), .PB_PAWS_ERROR)) {
    .pb_paws_condition(record, call)
  } else if (is.list(record)) {
    .pb_bridge_condition(record, call)
  } else {
    .pb_bridge_condition(list(class = "paws_bridge_internal_error",
                              message = sprintf("paws.bridge: the Python host returned status %s and no error record",
                                                format(status))), call)
  }
  stop(cond)
}
