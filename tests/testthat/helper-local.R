# The local Cognito endpoint (python -m paws_bridge.local) for tests that need a service:
# started on first use, one per set of options, shared by the whole run and stopped when R
# exits. It is a child process without LD_LIBRARY_PATH (paws.bridge's own spawner).

.local_endpoints <- new.env(parent = emptyenv())
reg.finalizer(.local_endpoints, function(e) {
  for (key in ls(e)) paws.bridge:::.pb_stop_process(e[[key]]$child)
}, onexit = TRUE)

# The URL of a local endpoint started with these options (resend limit off by default, so
# tests may resend as often as they like).
local_cognito <- function(rate_limit = NULL, latency_ms = NULL, resend_limit = 0L) {
  skip_without_bridge()
  args <- c("-m", "paws_bridge.local", "--resend-limit", resend_limit,
            if (!is.null(rate_limit)) c("--rate-limit", rate_limit),
            if (!is.null(latency_ms)) c("--latency-ms", latency_ms))
  key <- paste(args, collapse = " ")
  running <- .local_endpoints[[key]]
  if (is.null(running) || !paws.bridge:::.pb_process_alive(running$child$pid)) {
    child <- paws.bridge:::.pb_spawn_python(as.character(args))
    url <- tryCatch(paws.bridge:::.pb_child_first_line(child, timeout = 60),
                    error = function(e) {
                      paws.bridge:::.pb_stop_process(child)
                      stop(e)
                    })
    running <- .local_endpoints[[key]] <- list(child = child, url = url)
  }
  running$url
}

# A service client of the local endpoint (`...`: more config(), e.g. client_secret).
local_service <- function(url = local_cognito(), ...) {
  paws.bridge::cognitoidentityprovider(config = paws.bridge::config(
    paws.bridge::credentials(paws.bridge::creds("test", "test")), region = "us-east-1",
    endpoint = url, ...))
}

# A fresh pool auto-verifying email, an app client, and `n` users signed up (unconfirmed)
# with an email and a custom attribute; list(svc, pool, client, users).
local_pool <- function(svc, n, name = "tests", users = sprintf("user%03d", seq_len(n))) {
  pool <- svc$create_user_pool(
    PoolName = name, AutoVerifiedAttributes = "email",
    Schema = list(list(Name = "team", AttributeDataType = "String", Mutable = TRUE)))$UserPool$Id
  client <- svc$create_user_pool_client(UserPoolId = pool, ClientName = "app")$UserPoolClient
  for (i in seq_along(users)) {
    svc$sign_up(ClientId = client$ClientId, Username = users[[i]], Password = "Passw0rd!!",
                UserAttributes = list(list(Name = "email", Value = paste0(users[[i]], "@example.com")),
                                      list(Name = "custom:team", Value = if (i %% 2) "red" else "blue")))
  }
  list(svc = svc, pool = pool, client = client$ClientId, users = users)
}
