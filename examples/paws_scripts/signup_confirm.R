# Sign-up flow: register a user, resend the confirmation code, confirm with the newest code.
#
# Points paws at a custom endpoint the usual way (config endpoint); the codes are read back
# from the local endpoint's code log instead of an inbox.
library(paws)

endpoint <- Sys.getenv("PAWS_BRIDGE_ENDPOINT")
client_id <- Sys.getenv("COGNITO_CLIENT_ID")
pool_id <- Sys.getenv("COGNITO_USER_POOL_ID")

svc <- paws::cognitoidentityprovider(
  config = list(endpoint = endpoint, region = Sys.getenv("AWS_REGION", "us-east-1"))
)

# The newest code "e-mailed" to a user (GET <endpoint>/_paws_bridge/codes?username=...)
latest_code <- function(username) {
  url <- paste0(endpoint, "/_paws_bridge/codes?username=", username)
  answer <- jsonlite::fromJSON(paste(readLines(url, warn = FALSE), collapse = ""))
  answer$last
}

username <- "jane.doe"
signup <- svc$sign_up(
  ClientId = client_id,
  Username = username,
  Password = "Corr3ct-Horse!",
  UserAttributes = list(
    list(Name = "email", Value = "jane.doe@example.com"),
    list(Name = "name", Value = "Jane Doe")
  )
)
cat("signed up:", username, "confirmed:", signup$UserConfirmed, "\n")
first_code <- latest_code(username)

# The user lost the e-mail: send another code
resent <- svc$resend_confirmation_code(ClientId = client_id, Username = username)
details <- resent$CodeDeliveryDetails
cat(sprintf("code sent by %s to %s\n", details$DeliveryMedium, details$Destination))
second_code <- latest_code(username)

svc$confirm_sign_up(ClientId = client_id, Username = username,
                    ConfirmationCode = second_code)
user <- svc$admin_get_user(UserPoolId = pool_id, Username = username)

attributes <- list()
for (attr in user$UserAttributes) {
  attributes[[attr$Name]] <- attr$Value
}

result <- list(
  user_confirmed_at_signup = signup$UserConfirmed,
  signup_destination = signup$CodeDeliveryDetails$Destination,
  resend_destination = details$Destination,
  resend_medium = details$DeliveryMedium,
  resend_attribute = details[["AttributeName"]],
  codes_differ = first_code != second_code,
  code_length = nchar(second_code),
  status = user$UserStatus,
  enabled = user$Enabled,
  email = attributes$email,
  name = attributes[["name"]]
)
print(result$status)
