# A package-style wrapper around account creation, as R packages on paws write them:
# arguments passed on with `...`, choices checked with match.arg(), inputs with stopifnot(),
# and every service error re-raised as "Failed to ...: <paws message>".
library(paws)

pool_id <- Sys.getenv("COGNITO_USER_POOL_ID")
cognito <- paws::cognitoidentityprovider(config = list(
  endpoint = Sys.getenv("PAWS_BRIDGE_ENDPOINT"),
  region = Sys.getenv("AWS_REGION", "us-east-1")
))

#' Create an account; extra arguments go to admin_create_user().
createAccount <- function(userName, email, delivery = c("suppress", "resend"), ...) {
  delivery <- match.arg(delivery)
  stopifnot("userName must be a single string" = is.character(userName),
            "email must contain @" = grepl("@", email, fixed = TRUE))
  action <- if (delivery == "suppress") "SUPPRESS" else "RESEND"
  tryCatch(
    cognito$admin_create_user(
      UserPoolId = pool_id,
      Username = userName,
      UserAttributes = list(list(Name = "email", Value = email)),
      MessageAction = action,
      ...
    ),
    error = function(e) stop("Failed to create account ", userName, ": ", e$message)
  )
}

# Returns TRUE when the account was created, the error message otherwise
tryCreate <- function(...) {
  tryCatch({
    createAccount(...)
    TRUE
  }, error = function(e) conditionMessage(e))
}

deleteAccount <- function(userName) {
  tryCatch({
    cognito$admin_delete_user(UserPoolId = pool_id, Username = userName)
    invisible(TRUE)
  }, UserNotFoundException = function(e) {
    stop(sprintf("Failed to delete %s: %s", userName, e$message))
  })
}

first <- tryCreate("nina", "nina@example.com", TemporaryPassword = "Temp-Passw0rd!")
again <- tryCreate("nina", "nina@example.com")
bad_email <- tryCreate("omar", "omar.example.com")
bad_choice <- tryCreate("omar", "omar@example.com", delivery = "shout")
partial <- tryCreate("omar", "omar@example.com", delivery = "sup")
created <- cognito$admin_get_user(UserPoolId = pool_id, Username = "nina")
deleted <- deleteAccount("omar")
missing <- tryCatch(deleteAccount("nobody"), error = function(e) conditionMessage(e))

result <- list(
  first = first,
  again = again,
  bad_email = bad_email,
  bad_choice = bad_choice,
  partial = partial,
  status = created$UserStatus,
  deleted = deleted,
  missing = missing
)
