# secret_hash(): Cognito's SecretHash, computed by the core (paws_bridge.secret_hash):
# base64(HMAC-SHA256(key = client secret, message = username + client id)).
# Base R has no HMAC-SHA256, and the one implementation in Python is the one the
# `client_secret` config extension uses, so both always agree.

#' Cognito's SecretHash for an app client with a secret
#'
#' @description
#' Computes the \code{SecretHash} that Cognito operations such as \code{sign_up},
#' \code{resend_confirmation_code} and \code{initiate_auth} need when the app client has a
#' secret. paws has no helper for it; a missing or wrong value fails with
#' \code{NotAuthorizedException} (\dQuote{Unable to verify secret hash for client}). Instead
#' of calling it for every call, you can give the secret once as \code{client_secret} in the
#' service's \code{\link{config}}.
#'
#' @details
#' The hash is computed by the paws-bridge Python package (the same function the
#' \code{client_secret} setting uses), so the first call starts Python.
#'
#' @param username The user's username (or alias) as sent in the call's \code{Username}.
#' @param client_id The app client's ID (the call's \code{ClientId}).
#' @param client_secret The app client's secret.
#' @return A string: \code{base64(HMAC-SHA256(key = client_secret, message = username + client_id))},
#' the value Cognito expects as \code{SecretHash} (or \code{SECRET_HASH} in
#' \code{AuthParameters}) for app clients that have a secret.
#' @examples
#' \dontrun{
#' svc <- cognitoidentityprovider()
#' svc$resend_confirmation_code(
#'   ClientId = "client-id",
#'   SecretHash = secret_hash("jane", "client-id", Sys.getenv("COGNITO_CLIENT_SECRET")),
#'   Username = "jane"
#' )
#' }
#' @export
secret_hash <- function(username, client_id, client_secret) {
  .pb_check_string(username, "username")
  .pb_check_string(client_id, "client_id")
  .pb_check_string(client_secret, "client_secret")
  .pb_module("paws_bridge.secrets")$secret_hash(username, client_id, client_secret)
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
