# The main job from R: an ordinary paws script, with only the package name changed
# (paws::cognitoidentityprovider -> paws.bridge::cognitoidentityprovider).
#   make demo     (runs it against the local endpoint; PAWS_BRIDGE_ENDPOINT is its URL)
endpoint <- Sys.getenv("PAWS_BRIDGE_ENDPOINT")
if (!nzchar(endpoint)) stop("set PAWS_BRIDGE_ENDPOINT (make demo starts a local endpoint)")

admin <- paws.bridge::cognitoidentityprovider(config = list(
  credentials = list(creds = list(access_key_id = "local", secret_access_key = "local")),
  endpoint = endpoint, region = "us-east-1"))

pool <- admin$create_user_pool(PoolName = "demo-r", AutoVerifiedAttributes = "email")
client <- admin$create_user_pool_client(UserPoolId = pool$UserPool$Id, ClientName = "app",
                                        GenerateSecret = TRUE)$UserPoolClient
cat(sprintf("pool %s, app client %s (with a secret)\n\n", pool$UserPool$Id, client$ClientId))

# SecretHash as a paws user computes it (HMAC-SHA256 of username + client id, base64)
secret_hash <- function(username) {
  paws.bridge::secret_hash(username, client$ClientId, client$ClientSecret)
}

app <- paws.bridge::cognitoidentityprovider(config = list(
  credentials = list(anonymous = TRUE), endpoint = endpoint, region = "us-east-1"))

cat("sign_up ->\n")
str(app$sign_up(ClientId = client$ClientId, SecretHash = secret_hash("jane"),
                Username = "jane", Password = "Passw0rd!x",
                UserAttributes = list(list(Name = "email", Value = "jane@example.com"))))

cat("\nresend_confirmation_code ->\n")
res <- app$resend_confirmation_code(ClientId = client$ClientId,
                                    SecretHash = secret_hash("jane"), Username = "jane")
str(res)

codes <- jsonlite::fromJSON(paste0(endpoint, "/_paws_bridge/codes?username=jane"))
cat(sprintf("\nthe code 'sent' to %s: %s\n", res$CodeDeliveryDetails$Destination, codes$last))

cat("\nconfirm_sign_up ->\n")
str(app$confirm_sign_up(ClientId = client$ClientId, SecretHash = secret_hash("jane"),
                        Username = "jane", ConfirmationCode = codes$last))

again <- tryCatch(
  app$resend_confirmation_code(ClientId = client$ClientId, SecretHash = secret_hash("jane"),
                               Username = "jane"),
  InvalidParameterException = function(e) e)
cat("\nresending again fails as AWS does:\n  ", class(again)[1], ": ",
    conditionMessage(again), "\n", sep = "")

user <- admin$admin_get_user(UserPoolId = pool$UserPool$Id, Username = "jane")
cat(sprintf("\nadmin_get_user -> UserStatus = %s, created %s\n", user$UserStatus,
            format(user$UserCreateDate, "%Y-%m-%d %H:%M:%S %Z")))
