# The server side of a Shiny login page for an app client WITH a secret: every call sends
# SECRET_HASH, computed with openssl as the Shiny examples do, and the outcome is shown
# as a notification. The shiny functions are stubbed here so the script runs without a UI.
library(paws)
library(openssl)
library(magrittr)

# --- stand-ins for shiny: notifications are collected in an environment-free list ---------
notify_log <- list()
showNotification <- function(ui, type = "message") {
  paste0("[", type, "] ", ui)
}

client_id <- Sys.getenv("COGNITO_SECRET_CLIENT_ID")
client_secret <- Sys.getenv("COGNITO_CLIENT_SECRET")
pool_id <- Sys.getenv("COGNITO_USER_POOL_ID")
cognito <- paws::cognitoidentityprovider(config = list(
  endpoint = Sys.getenv("PAWS_BRIDGE_ENDPOINT"),
  region = Sys.getenv("AWS_REGION", "us-east-1")
))

secretHash <- function(username) {
  msg <- paste0(username, client_id)
  openssl::sha256(charToRaw(msg), key = charToRaw(client_secret)) %>%
    base64_encode() %>%
    return()
}

# observeEvent(input$signup, ...): register, then confirm as an administrator would
onSignUp <- function(username, password, email) {
  tryCatch({
    cognito$sign_up(
      ClientId = client_id, Username = username, Password = password,
      SecretHash = secretHash(username),
      UserAttributes = list(list(Name = "email", Value = email))
    )
    cognito$admin_confirm_sign_up(UserPoolId = pool_id, Username = username)
    showNotification(paste("Welcome,", username), type = "message")
  }, error = function(e) {
    showNotification(paste("Sign-up failed:", e$message), type = "error")
  })
}

# observeEvent(input$login, ...): password sign-in; the app keeps the tokens
onLogin <- function(username, password) {
  auth <- tryCatch(
    cognito$initiate_auth(
      AuthFlow = "USER_PASSWORD_AUTH", ClientId = client_id,
      AuthParameters = list(USERNAME = username, PASSWORD = password,
                            SECRET_HASH = secretHash(username))
    ),
    NotAuthorizedException = function(e) NULL
  )
  if (is.null(auth)) {
    return(list(ok = FALSE, note = showNotification("Wrong user name or password", type = "warning")))
  }
  tokens <- auth$AuthenticationResult
  list(ok = TRUE, note = showNotification("Signed in", type = "message"),
       token_type = tokens$TokenType, expires = tokens$ExpiresIn,
       has_refresh = nchar(tokens$RefreshToken) > 0)
}

notify_log[[length(notify_log) + 1]] <- onSignUp("paula", "Corr3ct-Horse!", "paula@example.com")
notify_log[[length(notify_log) + 1]] <- onSignUp("paula", "Corr3ct-Horse!", "paula@example.com")
good <- onLogin("paula", "Corr3ct-Horse!")
bad <- onLogin("paula", "wrong-password")
hash_length <- nchar(secretHash("paula"))

result <- list(
  notifications = notify_log,
  good = good,
  bad = bad,
  hash_length = hash_length
)
