# Nightly clean-up: report users by status, delete sign-ups never confirmed, report again.
library(paws)

pool_id <- Sys.getenv("COGNITO_USER_POOL_ID")
client_id <- Sys.getenv("COGNITO_CLIENT_ID")
svc <- paws::cognitoidentityprovider(config = list(
  endpoint = Sys.getenv("PAWS_BRIDGE_ENDPOINT"),
  region = Sys.getenv("AWS_REGION", "us-east-1")
))

# Some history: three confirmed users, two sign-ups that never confirmed
for (name in c("ann", "ben", "cid")) {
  svc$admin_create_user(UserPoolId = pool_id, Username = name, MessageAction = "SUPPRESS",
                        TemporaryPassword = "Temp-Passw0rd!")
  svc$admin_set_user_password(UserPoolId = pool_id, Username = name,
                              Password = "Perm-Passw0rd!", Permanent = TRUE)
}
for (name in c("dan", "eve")) {
  svc$sign_up(ClientId = client_id, Username = name, Password = "Corr3ct-Horse!",
              UserAttributes = list(list(Name = "email",
                                         Value = paste0(name, "@example.com"))))
}

status_report <- function() {
  users <- paginate_lapply(svc$list_users(UserPoolId = pool_id, Limit = 2),
                           function(page) page$Users)
  counts <- list()
  total <- 0
  for (page_users in users) {
    for (user in page_users) {
      status <- user$UserStatus
      if (is.null(counts[[status]])) {
        counts[[status]] <- 0
      }
      counts[[status]] <- counts[[status]] + 1
      total <- total + 1
    }
  }
  list(total = total, counts = counts)
}

before <- status_report()
for (status in names(before$counts)) {
  cat(sprintf("%-12s %d\n", status, before$counts[[status]]))
}

unconfirmed <- paginate(svc$list_users(UserPoolId = pool_id,
                                       Filter = "cognito:user_status = \"UNCONFIRMED\""))
deleted <- c()
for (page in unconfirmed) {
  for (user in page$Users) {
    svc$admin_delete_user(UserPoolId = pool_id, Username = user$Username)
    deleted <- c(deleted, user$Username)
  }
}
message(sprintf("deleted %d unconfirmed user(s)", length(deleted)))

after <- status_report()
result <- list(
  before_total = before$total,
  before_confirmed = before$counts$CONFIRMED,
  before_unconfirmed = before$counts[["UNCONFIRMED"]],
  deleted = sort(deleted),
  after_total = after$total,
  after_statuses = names(after$counts)
)
