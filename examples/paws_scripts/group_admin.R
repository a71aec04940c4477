# Group administration with base R's list tools: results collected in lists grown by name
# and by position, lapply/sapply/vapply/Map/Reduce/Filter over paws results, operations
# picked by name (svc[["op"]]) and pipes.
library(paws)

pool_id <- Sys.getenv("COGNITO_USER_POOL_ID")
svc <- paws::cognitoidentityprovider(config = list(
  endpoint = Sys.getenv("PAWS_BRIDGE_ENDPOINT"),
  region = Sys.getenv("AWS_REGION", "us-east-1")
))

groups <- c(admins = 1, editors = 5, readers = 10)
for (g in names(groups)) {
  svc$create_group(GroupName = g, UserPoolId = pool_id, Precedence = groups[[g]])
}

members <- list(admins = c("ana"), editors = c("ana", "bo", "cy"), readers = c("dan", "eva"))
all_users <- unique(unlist(members, use.names = FALSE))
for (u in all_users) {
  svc[["admin_create_user"]](UserPoolId = pool_id, Username = u, MessageAction = "SUPPRESS")
}
added <- Map(function(group, users) {
  for (u in users) svc$admin_add_user_to_group(UserPoolId = pool_id, Username = u,
                                                GroupName = group)
  length(users)
}, names(members), unname(members))

# who is in which group: a list grown by name
by_group <- list()
for (g in svc$list_groups(UserPoolId = pool_id)$Groups) {
  found <- svc$list_users_in_group(UserPoolId = pool_id, GroupName = g$GroupName)
  by_group[[g$GroupName]] <- sort(vapply(found$Users, function(u) u$Username, character(1)))
}

# an audit log: a list grown by position
audit <- list()
for (u in all_users) {
  gs <- svc$admin_list_groups_for_user(UserPoolId = pool_id, Username = u)$Groups
  audit[[length(audit) + 1]] <- list(user = u, groups = length(gs),
                                     best = if (length(gs) > 0) min(sapply(gs, function(x) x$Precedence)) else NA)
}

op <- "admin_disable_user"
svc[[op]](UserPoolId = pool_id, Username = "eva")
enabled <- Filter(function(u) u$Enabled, svc$list_users(UserPoolId = pool_id)$Users)
total_memberships <- Reduce(`+`, lapply(audit, function(a) a$groups), 0)
busiest <- Reduce(function(a, b) if (b$groups > a$groups) b else a, audit)

result <- list(
  added = added,
  by_group = by_group,
  audit = audit,
  enabled = sort(sapply(enabled, function(u) u$Username)),
  total_memberships = total_memberships,
  busiest = busiest$user,
  group_count = svc$list_groups(UserPoolId = pool_id)$Groups |> length()
)
