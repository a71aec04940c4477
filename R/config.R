# config(), credentials(), creds(): the helpers paws.common (0.8.10) exports to build the
# nested lists that a service constructor takes, with the same arguments, defaults and
# result (a list of class "struct"). Our one extension is `client_secret` on config(): it
# appears in the result only when given, so config() with paws's arguments returns exactly
# what paws.common's does.

# The list of a helper's arguments, in order, with class "struct" (as paws.common builds it).
.pb_struct <- function(env, drop_null = character()) {
  args <- as.list(env, all.names = TRUE)
  args <- args[names(formals(sys.function(-1L)))]
  for (name in drop_null) {
    if (is.null(args[[name]])) args[name] <- NULL
  }
  class(args) <- "struct"
  args
}

#' Set service parameters
#'
#' @description
#' Help functions for setting the parameters of services, as in paws.common: they build the
#' nested list that \code{\link{cognitoidentityprovider}()} takes as \code{config}, with
#' every setting at its default unless given.
#'
#' @param credentials \code{credentials()} or a \code{list} in the same format.
#'   \itemize{
#'   \item \strong{creds}: \code{creds()} or a \code{list} in the same format.
#'   \item \strong{profile}: The name of a profile to use. If not given, then the default profile is used.
#'   \item \strong{anonymous}: Set anonymous credentials.
#'   }
#' @param endpoint The complete URL to use for the constructed client.
#' @param region The AWS Region used in instantiating the client.
#' @param close_connection Immediately close all HTTP connections.
#' @param max_retries Max number of retries of a call (default 3). Throttling errors, HTTP
#'   500, 502, 503 and 504 answers and network errors are retried with backoff.
#' @param connect_timeout The time in seconds till a timeout exception is thrown when
#'   attempting to make a connection. The default is 60 seconds.
#' @param s3_force_path_style Set this to \code{TRUE} to force the request to use path-style
#'   addressing, i.e. \verb{http://s3.amazonaws.com/BUCKET/KEY}.
#' @param sts_regional_endpoint Set sts regional endpoint resolver to regional or legacy
#'   \url{https://docs.aws.amazon.com/sdkref/latest/guide/feature-sts-regionalized-endpoints.html}.
#' @param signature_version The signature version used when signing requests. Note that
#'   the default version is Signature Version 4.
#' @param client_secret paws.bridge's extension, not in paws: the secret of the app client
#'   the calls use. When given, every \code{SecretHash} argument, and \code{SECRET_HASH} in
#'   \code{AuthParameters} and \code{ChallengeResponses}, that a call leaves out is computed
#'   from it (see \code{\link{secret_hash}}). It is left out of the result when \code{NULL}, so
#'   that \code{config()} returns what paws's does. The secret never appears in printed
#'   values or error messages of the bridge.
#' @param creds \code{creds()} or a \code{list} in the same format.
#' @param profile The name of a profile to use. If not given, then the default profile is
#'   used.
#' @param anonymous Set anonymous credentials: calls are not signed.
#' @param access_key_id AWS access key ID.
#' @param secret_access_key AWS secret access key.
#' @param session_token AWS temporary session token.
#' @param access_token The token issued by the \code{CreateToken} API call of IAM Identity
#'   Center OIDC.
#' @param expiration The date and time when the temporary credentials expire: a
#'   \code{POSIXct} date-time or a value that compares with one.
#' @return A list of class \code{"struct"} with one element per argument, in order: the nested
#' lists a service constructor takes as \code{config} (\code{config()}), as
#' \code{credentials} (\code{credentials()}) or as \code{credentials$creds}
#' (\code{creds()}). They are the lists paws.common's helpers of the same names return.
#' @examples
#' # access_key_id and secret_access_key
#' config(credentials(creds("dummy", "secret")))
#'
#' # the same with lists
#' config(
#'   credentials = list(
#'     creds = list(
#'       access_key_id = "dummy",
#'       secret_access_key = "secret"
#'     )
#'   )
#' )
#'
#' # an app client with a secret: SecretHash is filled in by the bridge
#' cfg <- config(region = "eu-west-1", client_secret = "the-client-secret")
#' cfg$client_secret
#' @aliases set_service_parameter
#' @export
config <- function(credentials = list(creds = list(access_key_id = "",
    secret_access_key = "", session_token = "", access_token = "",
    expiration = Inf), profile = "", anonymous = FALSE), endpoint = "",
    region = "", close_connection = FALSE, max_retries = 3, connect_timeout = 60,
    s3_force_path_style = FALSE, sts_regional_endpoint = "",
    signature_version = "", client_secret = NULL) {
  if (!is.null(client_secret) &&
      (!is.character(client_secret) || length(client_secret) != 1L ||
       is.na(client_secret) || !nzchar(client_secret))) {
    stop("`client_secret` must be a single non-empty string (the app client's secret)",
         call. = FALSE)
  }
  .pb_struct(environment(), drop_null = "client_secret")
}

#' @rdname config
#' @export
credentials <- function(creds = list(access_key_id = "", secret_access_key = "",
    session_token = "", access_token = "", expiration = Inf),
    profile = "", anonymous = FALSE) {
  .pb_struct(environment())
}

#' @rdname config
#' @export
creds <- function(access_key_id = "", secret_access_key = "", session_token = "",
    access_token = "", expiration = Inf) {
  .pb_struct(environment())
}
