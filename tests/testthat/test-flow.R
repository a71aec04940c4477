# The first operation users care about, end to end from R against the local endpoint:
# sign up, resend the confirmation code, confirm with the code read back; with and without a
# client secret; and the documented errors caught by their code class with tryCatch.

code_sent_to <- function(url, username) {
  jsonlite::fromJSON(paste0(url, "/_paws_bridge/codes?username=", username))$last
}

flow_pool <- function(svc, secret) {
  pool <- svc$create_user_pool(PoolName = "flow", AutoVerifiedAttributes = "email")$UserPool$Id
  client <- svc$create_user_pool_client(UserPoolId = pool, ClientName = "app",
                                        GenerateSecret = secret)$UserPoolClient
  list(pool = pool, id = client$ClientId, secret = client$ClientSecret)
}

test_that("resend -> confirm without a client secret, no credentials needed", {
  url <- local_cognito()
  admin <- local_service(url)
  client <- flow_pool(admin, secret = FALSE)
  app <- cognitoidentityprovider(config = list(endpoint = url, region = "us-east-1",
                                               credentials = list(anonymous = TRUE)))
  app$sign_up(ClientId = client$id, Username = "flow-jane", Password = "Passw0rd!x",
              UserAttributes = list(list(Name = "email", Value = "jane@example.com")))
  res <- app$resend_confirmation_code(ClientId = client$id, Username = "flow-jane")
  expect_identical(res, list(CodeDeliveryDetails = list(
    Destination = "j***@e***.com", DeliveryMedium = "EMAIL", AttributeName = "email")))
  confirmed <- app$confirm_sign_up(ClientId = client$id, Username = "flow-jane",
                                   ConfirmationCode = code_sent_to(url, "flow-jane"))
  expect_identical(confirmed, list(Session = character(0)))
  user <- admin$admin_get_user(UserPoolId = client$pool, Username = "flow-jane")
  expect_identical(user$UserStatus, "CONFIRMED")
  expect_s3_class(user$UserCreateDate, "POSIXct")
  expect_identical(attr(user$UserCreateDate, "tzone"), "GMT")
  expect_identical(user$MFAOptions, list())
})

test_that("resend -> confirm with a client secret: SecretHash by hand, or by client_secret", {
  url <- local_cognito()
  client <- flow_pool(local_service(url), secret = TRUE)
  app <- cognitoidentityprovider(config = list(endpoint = url, region = "us-east-1"))
  hash <- secret_hash("flow-bob", client$id, client$secret)
  app$sign_up(ClientId = client$id, SecretHash = hash, Username = "flow-bob",
              Password = "Passw0rd!x",
              UserAttributes = list(list(Name = "email", Value = "bob@example.com")))
  expect_identical(
    app$resend_confirmation_code(ClientId = client$id, SecretHash = hash,
                                 Username = "flow-bob")$CodeDeliveryDetails$DeliveryMedium,
    "EMAIL")
  # our extension: the service fills SecretHash itself
  filled <- cognitoidentityprovider(config = list(endpoint = url, region = "us-east-1",
                                                  client_secret = client$secret))
  filled$confirm_sign_up(ClientId = client$id, Username = "flow-bob",
                         ConfirmationCode = code_sent_to(url, "flow-bob"))
  expect_false(grepl(client$secret, paste(capture.output(print(filled)), collapse = "\n"),
                     fixed = TRUE))
})

test_that("documented errors come back as paws conditions with the code class in front", {
  url <- local_cognito()
  client <- flow_pool(local_service(url), secret = TRUE)
  app <- cognitoidentityprovider(config = list(endpoint = url, region = "us-east-1",
                                               client_secret = client$secret))
  plain <- cognitoidentityprovider(config = list(endpoint = url, region = "us-east-1"))

  caught <- tryCatch(app$resend_confirmation_code(ClientId = "nope", Username = "x"),
                     ResourceNotFoundException = function(e) e)
  expect_s3_class(caught, "paws_error")
  expect_identical(class(caught),
                   c("ResourceNotFoundException", "paws_error", "http_400", "http_error",
                     "error", "condition"))
  expect_identical(caught$status_code, 400L)

  caught <- tryCatch(plain$resend_confirmation_code(ClientId = client$id, Username = "x"),
                     NotAuthorizedException = function(e) e)
  expect_match(conditionMessage(caught), "^NotAuthorizedException \\(HTTP 400\\). ")
  expect_false(grepl(client$secret, conditionMessage(caught), fixed = TRUE))

  caught <- tryCatch(app$resend_confirmation_code(ClientId = client$id, Username = "nobody"),
                     UserNotFoundException = function(e) e)
  expect_match(caught$error_response$`__type`, "UserNotFoundException$")

  app$sign_up(ClientId = client$id, Username = "flow-eve", Password = "Passw0rd!x",
              UserAttributes = list(list(Name = "email", Value = "eve@example.com")))
  app$confirm_sign_up(ClientId = client$id, Username = "flow-eve",
                      ConfirmationCode = code_sent_to(url, "flow-eve"))
  caught <- tryCatch(app$resend_confirmation_code(ClientId = client$id, Username = "flow-eve"),
                     paws_error = function(e) e)
  expect_identical(conditionMessage(caught),
                   "InvalidParameterException (HTTP 400). User is already confirmed.")
})
