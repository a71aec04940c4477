# Cognito and DynamoDB together: confirmed users of a pool copied into a profiles table,
# then read back by key and by scan, the way an app keeps its own user records.
library(paws)

pool_id <- Sys.getenv("COGNITO_USER_POOL_ID")
settings <- list(endpoint = Sys.getenv("PAWS_BRIDGE_ENDPOINT"),
                 region = Sys.getenv("AWS_REGION", "us-east-1"))
cognito <- cognitoidentityprovider(config = settings)
ddb <- dynamodb(config = settings)

table <- "profiles"
ddb$create_table(
  TableName = table,
  AttributeDefinitions = list(list(AttributeName = "username", AttributeType = "S")),
  KeySchema = list(list(AttributeName = "username", KeyType = "HASH")),
  BillingMode = "PAY_PER_REQUEST"
)

staff <- list(list(name = "uma", plan = "pro", seats = 3),
              list(name = "vic", plan = "free", seats = 1),
              list(name = "wes", plan = "pro", seats = 12))
for (s in staff) {
  cognito$admin_create_user(UserPoolId = pool_id, Username = s$name, MessageAction = "SUPPRESS",
                            UserAttributes = list(list(Name = "email",
                                                       Value = paste0(s$name, "@example.com"))))
}

save_profile <- function(user, plan, seats) {
  email <- Filter(function(a) a$Name == "email", user$Attributes)[[1]]$Value
  ddb$put_item(TableName = table, Item = list(
    username = list(S = user$Username),
    email = list(S = email),
    plan = list(S = plan),
    seats = list(N = as.character(seats))
  ))
  user$Username
}

plans <- list()
for (s in staff) plans[[s$name]] <- s
copied <- c()
for (user in cognito$list_users(UserPoolId = pool_id)$Users) {
  p <- plans[[user$Username]]
  copied <- c(copied, save_profile(user, p$plan, p$seats))
}

wes <- ddb$get_item(TableName = table, Key = list(username = list(S = "wes")))$Item
pro <- ddb$scan(TableName = table, FilterExpression = "#p = :pro",
                ExpressionAttributeNames = list("#p" = "plan"),
                ExpressionAttributeValues = list(":pro" = list(S = "pro")))
pro_names <- sort(vapply(pro$Items, function(i) i$username$S, character(1)))
total_seats <- sum(vapply(ddb$scan(TableName = table)$Items,
                          function(i) as.numeric(i$seats$N), numeric(1)))

result <- list(
  copied = sort(copied),
  wes_email = wes$email$S,
  wes_seats = as.numeric(wes$seats$N),
  pro = pro_names,
  pro_count = pro$Count,
  total_seats = total_seats
)
