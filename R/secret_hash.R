# secret_hash(): Cognito's SecretHash, computed by the core (paws_bridge.secret_hash):
# base64(HMAC-SHA256(key = client secret, message = username + client id)).
# Base R has no HMAC-SHA256, and the one implementation in Python is the one the
# `client_secret` config extension uses, so both always agree.

secret_hash <- function(username, client_id, client_secret) {
  .pb_check_string(username, "username")
  .pb_check_string(client_id, "client_id")
  .pb_check_string(client_secret, "client_secret")
  .pb_py_function("paws_bridge.secrets", "secret_hash")(username, client_id, client_secret)
}

.pb_check_string <- function(value, name) {
  if (!is.character(value) || length(value) != 1L || is.na(value) || !nzchar(value)) {
    stop(sprintf("`%s` must be a single non-empty string, not %s", name,
                 .pb_describe(value)), call. = FALSE)
  }
  invisible(value)
}

# A short description of a value for error messages (never the value itself: it may be a
# secret).
.pb_describe <- function(value) {
  if (is.null(value)) {
    return("NULL")
  }
  if (is.character(value) && length(value) == 1L) {
    return(if (is.na(value)) "NA" else "\"\"")
  }
  sprintf("%s of length %d", paste(class(value), collapse = "/"), length(value))
}
