# Error handling: paws raises conditions of class paws_error, with the error code as a class
# too, and a message "<Code> (HTTP <status>). <Message>".
library(paws)

client_id <- Sys.getenv("COGNITO_CLIENT_ID")
pool_id <- Sys.getenv("COGNITO_USER_POOL_ID")
svc <- cognitoidentityprovider(config = list(
  endpoint = Sys.getenv("PAWS_BRIDGE_ENDPOINT"),
  region = Sys.getenv("AWS_REGION", "us-east-1")
))

# 1. A specific error code, caught by its class
missing_user <- tryCatch(
  svc$admin_get_user(UserPoolId = pool_id, Username = "nobody"),
  UserNotFoundException = function(e) {
    message("no such user: ", e$message)
    NULL
  }
)

# 2. Any service error: paws_error, with the HTTP status and the decoded body
resend_error <- tryCatch({
  svc$resend_confirmation_code(ClientId = "no-such-client", Username = "jane")
  "no error"
}, paws_error = function(e) {
  list(message = e$message, status = e$status_code, type = e$error_response$`__type`)
})

# 3. A wrong confirmation code, then a retry with the right one
svc$sign_up(ClientId = client_id, Username = "sam", Password = "Corr3ct-Horse!",
            UserAttributes = list(list(Name = "email", Value = "sam@example.com")))
confirm <- function(code) {
  tryCatch({
    svc$confirm_sign_up(ClientId = client_id, Username = "sam", ConfirmationCode = code)
    "confirmed"
  }, CodeMismatchException = function(e) {
    "wrong code"
  }, error = function(e) {
    paste("unexpected:", conditionMessage(e))
  })
}
first_try <- confirm("000000")
if (first_try == "wrong code") {
  url <- paste0(Sys.getenv("PAWS_BRIDGE_ENDPOINT"), "/_paws_bridge/codes?username=sam")
  code <- jsonlite::fromJSON(paste(readLines(url, warn = FALSE), collapse = ""))$last
  second_try <- confirm(code)
} else {
  second_try <- first_try
}

# 4. Resending to a confirmed user is refused; the handler order decides who answers
already <- tryCatch(
  svc$resend_confirmation_code(ClientId = client_id, Username = "sam"),
  InvalidParameterException = function(e) e$message,
  paws_error = function(e) "some other service error",
  finally = cat("resend attempted\n")
)

# 5. Our own stop() is an ordinary R error, not a paws_error
validated <- tryCatch({
  if (nchar("ab") < 3) stop("username too short: ", "ab")
  "valid"
}, paws_error = function(e) "service", error = function(e) conditionMessage(e))

result <- list(
  missing_user_is_null = is.null(missing_user),
  resend_error = resend_error,
  first_try = first_try,
  second_try = second_try,
  already_confirmed = already,
  validated = validated
)
print(result$already_confirmed)
