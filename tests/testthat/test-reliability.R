# Reliability from R: timeouts that hold, retries of transient faults (against the fault
# server tests/tools/fault_server.py), and values refused before any request, named in R syntax.

fault_server <- function(plan, ok_body = '{"CodeDeliveryDetails": {"Destination": "j***@e***.com", "DeliveryMedium": "EMAIL", "AttributeName": "email"}}') {
  # the Python the bridge runs on (RETICULATE_PYTHON, else the one the package chose: under
  # R CMD check in install_paws_bridge()'s environment nothing sets RETICULATE_PYTHON)
  python <- Sys.getenv("RETICULATE_PYTHON")
  if (!nzchar(python)) python <- paws.bridge:::.pb_python_exe()
  script <- file.path(.pb_test_root, "tests", "tools", "fault_server.py")
  if (!file.exists(script)) stop("the fault server script is missing: ", script)
  port_file <- tempfile("fault-port-")
  # R exports LD_LIBRARY_PATH; a Python child must not inherit it
  cmd <- sprintf("env -u LD_LIBRARY_PATH %s %s --plan %s --ok-body %s --max-stall 20 --lifetime 120 --port-file %s > /dev/null 2>&1 & echo $!",
                 shQuote(python), shQuote(script), shQuote(paste(plan, collapse = ",")),
                 shQuote(ok_body), shQuote(port_file))
  pid <- system(cmd, intern = TRUE)
  deadline <- Sys.time() + 20
  while (!file.exists(port_file) && Sys.time() < deadline) Sys.sleep(0.05)
  if (!file.exists(port_file)) stop("the fault server did not start")
  port <- readLines(port_file, warn = FALSE)
  list(pid = pid, endpoint = sprintf("http://127.0.0.1:%s", port))
}

stop_fault_server <- function(srv) {
  system2("kill", srv$pid, stdout = FALSE, stderr = FALSE)
}

served <- function(srv) {
  length(jsonlite::fromJSON(paste0(srv$endpoint, "/__log"), simplifyVector = FALSE))
}

fault_client <- function(srv, ...) {
  cognitoidentityprovider(config = list(endpoint = srv$endpoint, region = "us-east-1",
                                        credentials = list(anonymous = TRUE), ...))
}

test_that("a stalled server fails within timeout x attempts, with a classed timeout error", {
  skip_without_bridge()
  for (fault in c("stall", "drip")) {
    srv <- fault_server(fault)
    on.exit(stop_fault_server(srv), add = TRUE)
    svc <- fault_client(srv, timeout = 1, max_retries = 1)
    started <- Sys.time()
    err <- tryCatch(svc$resend_confirmation_code(ClientId = "c", Username = "u"),
                    error = function(e) e)
    elapsed <- as.numeric(difftime(Sys.time(), started, units = "secs"))
    expect_s3_class(err, "paws_bridge_timeout_error")
    expect_s3_class(err, "paws_bridge_connection_error")
    expect_match(conditionMessage(err), "timed out")
    expect_equal(served(srv), 2L)
    expect_lt(elapsed, 2 * 1 + 1 + 1)  # two attempts of 1 s, back-off, start-up slack
    expect_gt(elapsed, 1.8)
  }
})

test_that("5xx, throttling, resets and truncated bodies are retried, then succeed", {
  skip_without_bridge()
  srv <- fault_server(c("500", "throttle", "reset", "truncate", "ok"))
  on.exit(stop_fault_server(srv))
  out <- fault_client(srv, max_retries = 4)$resend_confirmation_code(ClientId = "c", Username = "u")
  expect_identical(out$CodeDeliveryDetails$DeliveryMedium, "EMAIL")
  expect_equal(served(srv), 5L)
})

test_that("the retry budget is max_retries + 1 attempts; non-JSON 200 is not retried", {
  skip_without_bridge()
  srv <- fault_server("503")
  on.exit(stop_fault_server(srv), add = TRUE)
  err <- tryCatch(fault_client(srv, max_retries = 2)$resend_confirmation_code(ClientId = "c", Username = "u"),
                  error = function(e) e)
  expect_s3_class(err, "http_503")
  expect_equal(served(srv), 3L)
  srv2 <- fault_server(c("html200", "ok"))
  on.exit(stop_fault_server(srv2), add = TRUE)
  err <- tryCatch(fault_client(srv2)$resend_confirmation_code(ClientId = "c", Username = "u"),
                  error = function(e) e)
  expect_s3_class(err, "paws_error")
  expect_match(conditionMessage(err), "not JSON")
  expect_equal(served(srv2), 1L)
})

test_that("values that cannot mean what the caller meant are refused before any request, in R syntax", {
  skip_without_bridge()
  srv <- fault_server("ok")
  on.exit(stop_fault_server(srv))
  svc <- fault_client(srv)
  refused <- function(expr, text) {
    err <- tryCatch({ force(expr); NULL }, error = function(e) e)
    expect_s3_class(err, "paws_bridge_invalid_argument")
    expect_match(conditionMessage(err), text, fixed = TRUE)
  }
  bad_utf8 <- rawToChar(as.raw(c(0x61, 0xff, 0x62)))
  e <- new.env()
  refused(svc$resend_confirmation_code(ClientId = "c", Username = NaN), "Username: NaN is not a string")
  refused(svc$resend_confirmation_code(ClientId = "c", Username = -Inf), "Username: -Inf is not a string")
  refused(svc$resend_confirmation_code(ClientId = "c", Username = list(list("a"))), "Username: expected a single string value, got a nested list")
  refused(svc$resend_confirmation_code(ClientId = "c", Username = e), "Username: expected a single string value, got environment")
  refused(svc$resend_confirmation_code(ClientId = "c", Username = sum), "got function")
  refused(svc$resend_confirmation_code(ClientId = "c", Username = bad_utf8), "Username: the string is not valid UTF-8")
  refused(svc$resend_confirmation_code(ClientId = "c", Username = NULL), "Username: a required argument cannot be NULL")
  refused(svc$resend_confirmation_code(ClientId = "c", Username = character(0)), "Username: a required argument cannot be empty")
  refused(svc$resend_confirmation_code(ClientId = "c", Username = list(NULL)), "Username: expected a single string value, got a list holding NULL")
  refused(svc$list_users(UserPoolId = "p", Limit = 2.5), "Limit: expected a whole number, got 2.5")
  refused(svc$list_users(UserPoolId = "p", Limit = 1e20), "Limit: 100000000000000000000 is out of range (the model allows 0 to 60)")
  refused(svc$list_users(UserPoolId = "p", Limit = TRUE), "Limit: expected a number, got TRUE")
  refused(svc$admin_update_user_attributes(UserPoolId = "p", Username = "u", UserAttributes = "x"),
          "UserAttributes[1]: expected a named list (structure AttributeType)")
  refused(svc$admin_update_user_attributes(UserPoolId = "p", Username = "u",
                                           UserAttributes = list(list(Name = "a", Value = NaN))),
          "UserAttributes[[1]]$Value: NaN is not a string")
  refused(svc$admin_update_user_attributes(UserPoolId = "p", Username = "u",
                                           UserAttributes = list(list(Name = "a", Value = "b")),
                                           ClientMetadata = list(`a b` = "\xed\xa0\x80")),
          "ClientMetadata$`a b`: the string is not valid UTF-8")
  expect_equal(served(srv), 0L)
})

test_that("config errors name the type of a secret, never its value", {
  skip_without_bridge()
  for (cfg in list(list(client_secret = c("CLIENTSECRET1", "b")),
                   list(credentials = list(creds = list(access_key_id = "A", secret_access_key = list("CLIENTSECRET1", 2)))),
                   list(credentials = list(creds = list(access_key_id = "A", secret_access_key = "S", session_token = c("CLIENTSECRET1", "x")))))) {
    err <- tryCatch(cognitoidentityprovider(config = c(cfg, list(region = "us-east-1"))), error = function(e) e)
    expect_s3_class(err, "paws_bridge_config_error")
    expect_false(grepl("CLI", conditionMessage(err)))
  }
})
