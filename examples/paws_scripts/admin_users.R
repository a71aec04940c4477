# Admin user management: create users, put them in groups, page through them.
library(paws)

pool_id <- Sys.getenv("COGNITO_USER_POOL_ID")
svc <- paws.security.identity::cognitoidentityprovider(
  config = list(
    endpoint = Sys.getenv("PAWS_BRIDGE_ENDPOINT"),
    region = Sys.getenv("AWS_REGION", "us-east-1")
  )
)

team <- list(
  list(username = "alice", email = "alice@example.com", group = "admins"),
  list(username = "bob", email = "bob@example.com", group = "analysts"),
  list(username = "carol", email = "carol@example.com", group = "analysts"),
  list(username = "dave", email = "dave@example.com", group = "analysts"),
  list(username = "erin", email = "erin@example.com", group = "viewers")
)

for (group in c("admins", "analysts", "viewers")) {
  svc$create_group(GroupName = group, UserPoolId = pool_id,
                   Description = paste("The", group, "team"))
}

for (member in team) {
  svc$admin_create_user(
    UserPoolId = pool_id,
    Username = member$username,
    UserAttributes = list(
      list(Name = "email", Value = member$email),
      list(Name = "email_verified", Value = "true")
    ),
    MessageAction = "SUPPRESS"
  )
  svc$admin_add_user_to_group(UserPoolId = pool_id, Username = member$username,
                              GroupName = member$group)
}
svc$admin_disable_user(UserPoolId = pool_id, Username = "erin")

# Two users per page: paginate() follows PaginationToken until the last page
pages <- paginate(svc$list_users(UserPoolId = pool_id, Limit = 2))
usernames <- c()
for (page in pages) {
  for (user in page$Users) {
    usernames <- c(usernames, user$Username)
  }
}
cat("pages:", length(pages), "users:", length(usernames), "\n")

per_page <- paginate_sapply(svc$list_users(UserPoolId = pool_id, Limit = 2),
                            function(page) length(page$Users))
first_two <- paginate(svc$list_users(UserPoolId = pool_id, Limit = 2), MaxItems = 2)

analysts <- svc$list_users_in_group(UserPoolId = pool_id, GroupName = "analysts")
analyst_names <- sort(vapply(analysts$Users, function(u) u$Username, character(1)))

groups_of_bob <- svc$admin_list_groups_for_user(Username = "bob", UserPoolId = pool_id)
erin <- svc$admin_get_user(UserPoolId = pool_id, Username = "erin")

result <- list(
  page_count = length(pages),
  usernames = sort(usernames),
  users_per_page = per_page,
  first_page_only = length(first_two),
  analysts = analyst_names,
  bob_groups = sapply(groups_of_bob$Groups, function(g) g$GroupName),
  erin_enabled = erin$Enabled,
  erin_status = erin$UserStatus
)
str(result)
