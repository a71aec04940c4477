# A report of a pool's users as a data frame, the tidyverse way: the pages followed by
# recursion on PaginationToken, purrr to turn users into rows, dplyr to shape the table.
library(paws)
library(purrr)
library(dplyr)

pool_id <- Sys.getenv("COGNITO_USER_POOL_ID")
svc <- paws::cognitoidentityprovider(config = list(
  endpoint = Sys.getenv("PAWS_BRIDGE_ENDPOINT"),
  region = Sys.getenv("AWS_REGION", "us-east-1")
))

people <- list(
  list(name = "amy", team = "ops", active = TRUE),
  list(name = "ben", team = "data", active = TRUE),
  list(name = "cai", team = "data", active = FALSE),
  list(name = "dee", team = "web", active = TRUE),
  list(name = "eli", team = "ops", active = TRUE)
)
for (p in people) {
  svc$admin_create_user(UserPoolId = pool_id, Username = p$name, MessageAction = "SUPPRESS",
                        UserAttributes = list(list(Name = "email",
                                                   Value = paste0(p$name, "@example.com"))))
  if (!p$active) svc$admin_disable_user(UserPoolId = pool_id, Username = p$name)
}

# Every user, two per call, following PaginationToken until there is none
list_all_users <- function(token = NULL) {
  res <- svc$list_users(UserPoolId = pool_id, Limit = 2, PaginationToken = token)
  if (length(res$PaginationToken) == 0) {
    return(res$Users)
  }
  c(res$Users, list_all_users(res$PaginationToken))
}

email_of <- function(user) {
  emails <- keep(user$Attributes, function(a) a$Name == "email")
  if (length(emails) == 0) NA_character_ else emails[[1]]$Value
}

users <- list_all_users() %>%
  map_dfr(function(u) list(username = u$Username, enabled = u$Enabled,
                            status = u$UserStatus, email = email_of(u)))

teams <- map_dfr(people, function(p) data.frame(username = p$name, team = p$team))

report <- users %>%
  left_join(teams, by = "username") %>%
  filter(enabled) %>%
  mutate(domain = "example.com", name_length = nchar(username)) %>%
  select(username, team, email, name_length)

data_team <- report %>% filter(team == "data") %>% pull(username)

result <- list(
  n_users = nrow(users),
  n_report = nrow(report),
  report = report,
  data_team = data_team,
  disabled = users %>% filter(!enabled) %>% pull(username) %>% sort()
)
