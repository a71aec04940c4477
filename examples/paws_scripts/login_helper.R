# The calls behind a Shiny login module: password sign-in, the first-login
# NEW_PASSWORD_REQUIRED challenge, then the user's profile with the access token.
library(paws)

client_id <- Sys.getenv("COGNITO_CLIENT_ID")
pool_id <- Sys.getenv("COGNITO_USER_POOL_ID")
cognito <- paws::cognitoidentityprovider(config = list(
  endpoint = Sys.getenv("PAWS_BRIDGE_ENDPOINT"),
  region = Sys.getenv("AWS_REGION", "us-east-1")
))

sign_in <- function(username, password) {
  cognito$initiate_auth(
    AuthFlow = "USER_PASSWORD_AUTH",
    ClientId = client_id,
    AuthParameters = list(USERNAME = username, PASSWORD = password)
  )
}

# What the login form's "submit" handler does: sign in, answer a challenge if asked,
# and return the session the app keeps
login <- function(username, password, new_password = NULL) {
  auth <- tryCatch(sign_in(username, password), NotAuthorizedException = function(e) NULL)
  if (is.null(auth)) {
    return(list(ok = FALSE, reason = "wrong username or password"))
  }
  challenge <- auth$ChallengeName
  if (identical(challenge, "NEW_PASSWORD_REQUIRED")) {
    if (is.null(new_password)) {
      return(list(ok = FALSE, reason = "a new password is required"))
    }
    auth <- cognito$respond_to_auth_challenge(
      ClientId = client_id,
      ChallengeName = "NEW_PASSWORD_REQUIRED",
      Session = auth$Session,
      ChallengeResponses = list(USERNAME = username, NEW_PASSWORD = new_password)
    )
  }
  tokens <- auth$AuthenticationResult
  list(ok = TRUE, challenge = challenge, access_token = tokens$AccessToken,
       token_type = tokens$TokenType, expires_in = tokens$ExpiresIn)
}

# An administrator invites the user with a temporary password
cognito$admin_create_user(
  UserPoolId = pool_id, Username = "maria", TemporaryPassword = "Temp-Passw0rd!",
  UserAttributes = list(list(Name = "email", Value = "maria@example.com"),
                        list(Name = "email_verified", Value = "true")),
  MessageAction = "SUPPRESS"
)

wrong <- login("maria", "not-the-password")
needs_new <- login("maria", "Temp-Passw0rd!")
session <- login("maria", "Temp-Passw0rd!", new_password = "N3w-Passw0rd!!")
again <- login("maria", "N3w-Passw0rd!!")

profile <- cognito$get_user(AccessToken = session$access_token)
emails <- Filter(function(a) a$Name == "email", profile$UserAttributes)

result <- list(
  wrong = wrong,
  needs_new = needs_new,
  first_login_ok = session$ok,
  first_login_challenge = session$challenge,
  token_type = session$token_type,
  expires_in = session$expires_in,
  has_token = nchar(session$access_token) > 20,
  second_login_challenge = length(again$challenge) == 0,
  profile_username = profile$Username,
  profile_email = emails[[1]]$Value
)
cat(sprintf("logged in as %s (%s token, %d s)\n", profile$Username, session$token_type,
            session$expires_in))
