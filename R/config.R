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

credentials <- function(creds = list(access_key_id = "", secret_access_key = "",
    session_token = "", access_token = "", expiration = Inf),
    profile = "", anonymous = FALSE) {
  .pb_struct(environment())
}

creds <- function(access_key_id = "", secret_access_key = "", session_token = "",
    access_token = "", expiration = Inf) {
  .pb_struct(environment())
}
