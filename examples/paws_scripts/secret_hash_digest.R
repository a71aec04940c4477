# Sign-up and sign-in for an app client with a secret, SECRET_HASH computed with the
# digest package (HMAC-SHA256, base64 by jsonlite), as older Shiny apps on paws do it.
library(paws)
library(digest)

client_id <- Sys.getenv("COGNITO_SECRET_CLIENT_ID")
client_secret <- Sys.getenv("COGNITO_CLIENT_SECRET")
pool_id <- Sys.getenv("COGNITO_USER_POOL_ID")
svc <- cognitoidentityprovider(config = list(
  endpoint = Sys.getenv("PAWS_BRIDGE_ENDPOINT"),
  region = Sys.getenv("AWS_REGION", "us-east-1")
))

get_secret_hash <- function(username) {
  sig <- digest::hmac(client_secret, paste0(username, client_id), algo = "sha256", raw = TRUE)
  jsonlite::base64_enc(sig)
}

register <- function(username, password) {
  out <- svc$sign_up(ClientId = client_id, SecretHash = get_secret_hash(username),
                     Username = username, Password = password,
                     UserAttributes = list(list(Name = "email",
                                                Value = sprintf("%s@example.org", username))))
  svc$admin_confirm_sign_up(UserPoolId = pool_id, Username = username)
  out$UserConfirmed
}

sign_in <- function(username, password, with_hash = TRUE) {
  params <- list(USERNAME = username, PASSWORD = password)
  if (with_hash) params$SECRET_HASH <- get_secret_hash(username)
  res <- tryCatch(
    svc$initiate_auth(AuthFlow = "USER_PASSWORD_AUTH", ClientId = client_id,
                      AuthParameters = params),
    paws_error = function(e) list(error = e$message, status = e$status_code)
  )
  if (!is.null(res$error)) return(res)
  list(type = res$AuthenticationResult$TokenType,
       seconds = res$AuthenticationResult$ExpiresIn)
}

confirmed_at_signup <- register("quinn", "Corr3ct-Horse!")
ok <- sign_in("quinn", "Corr3ct-Horse!")
no_hash <- sign_in("quinn", "Corr3ct-Horse!", with_hash = FALSE)
hex <- digest::hmac("key", "The quick brown fox jumps over the lazy dog", algo = "sha256")

result <- list(
  confirmed_at_signup = confirmed_at_signup,
  ok = ok,
  no_hash_refused = !is.null(no_hash$error),
  hex = hex,
  hash_chars = nchar(get_secret_hash("quinn"))
)
