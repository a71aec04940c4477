# Conditions: paws's classes and fields for service errors (against the canned server), plain
# classed R errors with the argument path for bad input, and never a Python traceback.

queue_error <- function(status, body) {
  t <- conformance_tools()
  srv <- canned_server()
  t$ce_reset(srv)
  t$ce_queue(srv, list(list(status = status, body = body)))
}

test_that("a service error is a paws_error with the code's class in front", {
  skip_without_bridge()
  svc <- bridge_client()
  queue_error(400L, '{"__type": "UserNotFoundException", "message": "User does not exist."}')
  hit <- tryCatch(svc$resend_confirmation_code(ClientId = "c", Username = "u"),
                  UserNotFoundException = function(e) e)
  expect_s3_class(hit, "UserNotFoundException")
  expect_identical(class(hit), c("UserNotFoundException", "paws_error", "http_400", "http_error",
                                 "error", "condition"))
  expect_identical(conditionMessage(hit), "UserNotFoundException (HTTP 400). User does not exist.")
  expect_identical(hit$status_code, 400L)
  expect_identical(hit$error_response, list(`__type` = "UserNotFoundException",
                                            message = "User does not exist."))
  expect_identical(attr(hit, "status_code"), 400L)
  expect_true(is.call(hit$call))
})

test_that("status classes follow paws: http_403 then http_400; 5xx likewise", {
  skip_without_bridge()
  svc <- bridge_client()
  queue_error(403L, '{"__type": "AccessDeniedException", "message": "denied"}')
  e <- tryCatch(svc$get_user(AccessToken = "t"), paws_error = function(e) e)
  expect_identical(class(e)[1:4], c("AccessDeniedException", "paws_error", "http_403", "http_400"))
  queue_error(500L, '{"__type": "InternalErrorException", "message": "x"}')
  e <- tryCatch(svc$get_user(AccessToken = "t"), http_500 = function(e) e)
  expect_identical(e$status_code, 500L)
})

test_that("bad arguments are refused before sending, naming every path", {
  skip_without_bridge()
  svc <- bridge_client()
  queue_error(200L, "{}")
  e <- tryCatch(svc$admin_update_user_attributes(
    UserPoolId = "p", Username = NA_character_,
    UserAttributes = list(list(Name = "a", Value = c("x", "y")), list(Nom = "b")),
    ClientMetadata = list(k = NA)), error = function(e) e)
  expect_s3_class(e, "paws_bridge_invalid_argument")
  expect_s3_class(e, "paws_bridge_error")
  msg <- conditionMessage(e)
  expect_match(msg, "Username: NA is not a value", fixed = TRUE)
  expect_match(msg, "UserAttributes[[1]]$Value: expected a single string value, got a vector of length 2", fixed = TRUE)
  expect_match(msg, "UserAttributes[[2]]$Nom: invalid name: Nom", fixed = TRUE)
  expect_match(msg, "ClientMetadata$k", fixed = TRUE)
  expect_false(grepl("Traceback|File \"", msg))
  expect_length(conformance_tools()$ce_log(canned_server()), 0L)
})

test_that("a blob must be raw; a factor is sent as its label", {
  skip_without_bridge()
  svc <- bridge_client()
  queue_error(200L, "{}")
  e <- tryCatch(svc$set_ui_customization(UserPoolId = "p", ImageFile = "logo.png"),
                error = function(e) e)
  expect_s3_class(e, "paws_bridge_invalid_argument")
  expect_match(conditionMessage(e), "ImageFile: expected a raw vector", fixed = TRUE)
  expect_length(conformance_tools()$ce_log(canned_server()), 0L)
  queue_error(200L, "{}")
  svc$set_ui_customization(UserPoolId = "p", ImageFile = as.raw(c(0, 255)))
  body <- jsonlite::parse_json(conformance_tools()$ce_log(canned_server())[[1]]$body)
  expect_identical(body$ImageFile, "AP8=")
  queue_error(200L, "{}")
  svc$resend_confirmation_code(ClientId = factor("cid"), Username = "u")
  body <- jsonlite::parse_json(conformance_tools()$ce_log(canned_server())[[1]]$body)
  expect_identical(body$ClientId, "cid")
})

test_that("config errors and unreachable endpoints are classed R errors", {
  skip_without_bridge()
  e <- tryCatch(cognitoidentityprovider(config = list(bogus = 1)), error = function(e) e)
  expect_s3_class(e, "paws_bridge_config_error")
  expect_match(conditionMessage(e), "invalid name: bogus", fixed = TRUE)
  svc <- cognitoidentityprovider(config = list(
    credentials = list(creds = list(access_key_id = "A", secret_access_key = "S")),
    endpoint = "http://127.0.0.1:9", region = "us-east-1", max_retries = 0))
  e <- tryCatch(svc$get_user(AccessToken = "t"), error = function(e) e)
  expect_s3_class(e, "paws_bridge_connection_error")
  expect_false(grepl("Traceback", conditionMessage(e)))
})
