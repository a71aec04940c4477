# A session helper: sign in, refresh the tokens, read the profile, sign out everywhere;
# written with pipes (|> and magrittr's %>% with its `.` placeholder), a bulk import
# from JSON text, and a clean-up registered with on.exit().
library(paws)
library(magrittr)

client_id <- Sys.getenv("COGNITO_CLIENT_ID")
pool_id <- Sys.getenv("COGNITO_USER_POOL_ID")
svc <- paws::cognitoidentityprovider(config = list(
  endpoint = Sys.getenv("PAWS_BRIDGE_ENDPOINT"),
  region = Sys.getenv("AWS_REGION", "us-east-1")
))

import_text <- '[{"user": "sam", "mail": "sam@example.net"}, {"user": "tia", "mail": "tia@example.net"}]'
imported <- jsonlite::fromJSON(import_text, simplifyVector = FALSE) |>
  lapply(function(row) {
    svc$admin_create_user(UserPoolId = pool_id, Username = row$user,
                          TemporaryPassword = "Temp-Passw0rd!", MessageAction = "SUPPRESS",
                          UserAttributes = list(list(Name = "email", Value = row$mail)))
    svc$admin_set_user_password(UserPoolId = pool_id, Username = row$user,
                                Password = "Perm-Passw0rd!", Permanent = TRUE)
    row$user
  })

open_session <- function(username) {
  svc$initiate_auth(AuthFlow = "USER_PASSWORD_AUTH", ClientId = client_id,
                    AuthParameters = list(USERNAME = username, PASSWORD = "Perm-Passw0rd!")) %>%
    .$AuthenticationResult
}

refresh <- function(tokens) {
  list(REFRESH_TOKEN = tokens$RefreshToken) %>%
    svc$initiate_auth(AuthFlow = "REFRESH_TOKEN_AUTH", ClientId = client_id,
                      AuthParameters = .) %>%
    .$AuthenticationResult
}

closed <- c()
with_session <- function(username, action) {
  tokens <- open_session(username)
  on.exit(svc$global_sign_out(AccessToken = tokens$AccessToken))
  action(tokens)
}

profile_email <- function(tokens) {
  profile <- svc$get_user(AccessToken = tokens$AccessToken)
  Filter(function(a) a$Name == "email", profile$UserAttributes)[[1]]$Value
}

refreshed <- refresh(open_session("sam"))
email <- with_session("tia", profile_email)
old_tokens <- with_session("tia", function(tokens) tokens)
after_sign_out <- tryCatch(
  svc$get_user(AccessToken = old_tokens$AccessToken)$Username,
  error = function(e) "signed out"
)
new_session <- svc$get_user(AccessToken = open_session("tia")$AccessToken)$Username

result <- list(
  imported = imported,
  refreshed_has_access = nchar(refreshed$AccessToken) > 20,
  refreshed_keeps_refresh_token = length(refreshed$RefreshToken) == 0,
  email = email,
  after_sign_out = after_sign_out,
  new_session = new_session,
  token_type = refreshed$TokenType
)
