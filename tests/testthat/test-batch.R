# batch_call(): a row back for every row, in input order, against the local endpoint.

test_that("every row comes back in order, with its status; inputs untouched", {
  svc <- local_service()
  setup <- local_pool(svc, 6L, name = "batch")
  users <- c("user001", "nobody", "user003", NA, "user005", "user006")
  rows <- data.frame(Username = users, team = factor(c("a", "b", "a", "b", "a", "b")),
                     n = 6:1)
  out <- batch_call(svc$resend_confirmation_code, rows, ClientId = setup$client, progress = FALSE)
  expect_identical(class(out), "data.frame")
  expect_identical(names(out), c("Username", "team", "n", "status", "error_code",
                                 "error_message", "attempts",
                                 "CodeDeliveryDetails.Destination",
                                 "CodeDeliveryDetails.DeliveryMedium",
                                 "CodeDeliveryDetails.AttributeName"))
  expect_identical(out[c("Username", "team", "n")], rows)
  expect_identical(out$status, c("ok", "error", "ok", "error", "ok", "ok"))
  expect_identical(out$error_code[1:3], c(NA, "UserNotFoundException", NA))
  expect_match(out$error_message[[2]], "^UserNotFoundException \\(HTTP 400\\)\\. ")
  # NA is not sent: Username is missing, bad input like any other
  expect_identical(out$error_code[[4]], "ParamValidationError")
  expect_match(out$error_message[[4]], "Username: missing required argument", fixed = TRUE)
  expect_identical(out$attempts, rep(1L, 6L))
  expect_identical(out$CodeDeliveryDetails.DeliveryMedium,
                   c("EMAIL", NA, "EMAIL", NA, "EMAIL", "EMAIL"))
  expect_identical(out$CodeDeliveryDetails.Destination[[1]], "u***@e***.com")
  expect_false(attr(out, "interrupted"))
  expect_identical(attr(out, "stats")$calls, 6)
})

test_that("list columns and typed columns are read by the argument's shape", {
  svc <- local_service()
  setup <- local_pool(svc, 0L, name = "batch-signup")
  users <- sprintf("new%02d", 1:4)
  rows <- data.frame(Username = users, Password = "Passw0rd!!")
  rows$UserAttributes <- lapply(users, function(u) {
    list(list(Name = "email", Value = paste0(u, "@example.com")))
  })
  out <- batch_call(svc$sign_up, rows, ClientId = setup$client, progress = FALSE)
  expect_identical(out$status, rep("ok", 4L))
  expect_identical(out$UserConfirmed, rep(FALSE, 4L))
  expect_identical(out$UserAttributes, rows$UserAttributes)
  expect_true(all(nzchar(out$UserSub)))
  listed <- to_frame(svc$list_users(UserPoolId = setup$pool))
  expect_setequal(listed$Username, users)
  expect_identical(listed$email[order(listed$Username)], paste0(users, "@example.com"))

  # a number column for an integer argument, a character vector for a list of strings
  groups <- data.frame(GroupName = c("g1", "g2"), Precedence = c(3, NA))
  made <- batch_call(svc$create_group, groups, UserPoolId = setup$pool, progress = FALSE)
  expect_identical(made$status, c("ok", "ok"))
  expect_identical(made$Group.Precedence, c(3L, NA))
  expect_s3_class(made$Group.CreationDate, "POSIXct")
})

test_that("SecretHash is filled in for every row when the service has the client secret", {
  svc <- local_service()
  pool <- svc$create_user_pool(PoolName = "secret", AutoVerifiedAttributes = "email")$UserPool$Id
  client <- svc$create_user_pool_client(UserPoolId = pool, ClientName = "app",
                                        GenerateSecret = TRUE)$UserPoolClient
  with_secret <- local_service(client_secret = client$ClientSecret)
  rows <- data.frame(Username = c("s1", "s2", "s3"), Password = "Passw0rd!!")
  rows$UserAttributes <- lapply(rows$Username, function(u) {
    list(list(Name = "email", Value = paste0(u, "@example.com")))
  })
  signed <- batch_call(with_secret$sign_up, rows, ClientId = client$ClientId, progress = FALSE)
  expect_identical(signed$status, rep("ok", 3L))
  resent <- batch_call(with_secret$resend_confirmation_code, rows["Username"],
                  ClientId = client$ClientId, progress = FALSE)
  expect_identical(resent$status, rep("ok", 3L))
  # without the secret, the service refuses each row
  refused <- batch_call(svc$resend_confirmation_code, rows["Username"], ClientId = client$ClientId,
                   progress = FALSE)
  expect_identical(refused$status, rep("error", 3L))
  expect_identical(refused$error_code, rep("NotAuthorizedException", 3L))
})

test_that("throttling answers are retried at a slower pace and no row is lost", {
  # a burst of 40, then 40 requests/s: 8 workers run into it (as the Python test does)
  url <- local_cognito(rate_limit = 40)
  svc <- local_service(url)
  setup <- local_pool(svc, 0L, name = "throttle")
  Sys.sleep(1.5)  # a full quota for the run
  users <- sprintf("t%03d", 1:120)
  rows <- data.frame(Username = users, Password = "Passw0rd!!", i = 1:120)
  rows$UserAttributes <- lapply(users, function(u) {
    list(list(Name = "email", Value = paste0(u, "@x.org")))
  })
  # the default max_attempts: throttling while other calls get through uses up no attempts
  out <- batch_call(svc$sign_up, rows, ClientId = setup$client, max_workers = 8, progress = FALSE)
  expect_identical(out$i, 1:120)
  expect_identical(out$Username, users)
  expect_identical(out$status, rep("ok", 120L),
                   info = paste(unique(na.omit(out$error_message)), collapse = "; "))
  stats <- attr(out, "stats")
  expect_gt(stats$throttled, 0)
  expect_gt(max(out$attempts), 1L)
  expect_identical(stats$calls, as.numeric(sum(out$attempts)))
  expect_setequal(to_frame(paginate(svc$list_users(UserPoolId = setup$pool)))$Username, users)
})

test_that("an interrupted run keeps the finished rows and marks the rest not_run", {
  url <- local_cognito(latency_ms = 100)
  svc <- local_service(url)
  pool <- svc$create_user_pool(PoolName = "interrupt")$UserPool$Id
  client <- svc$create_user_pool_client(UserPoolId = pool, ClientName = "app")$UserPoolClient$ClientId
  rows <- data.frame(Username = sprintf("x%02d", 1:40))
  tables <- .pb_tables()
  info <- attr(svc$resend_confirmation_code, "paws_bridge")
  job <- .pb_tables_call(tables, "batch_start", list(rows, list(ClientId = client)),
                         environment(svc$resend_confirmation_code)$handle,
                         info$operation, 1L, NULL, 10L)
  state <- tables$module$batch_wait(job, 0.5)
  expect_false(state[[2]])
  expect_true(tables$module$batch_interrupt(job))
  out <- .pb_tables_call(tables, "batch_result", NULL, job)
  expect_true(attr(out, "interrupted"))
  expect_identical(nrow(out), 40L)
  expect_true(all(out$status %in% c("error", "not_run")))
  expect_gt(sum(out$status == "not_run"), 20L)
  expect_identical(out$attempts[out$status == "not_run"], rep(0L, sum(out$status == "not_run")))
})

test_that("a progress bar appears on runs longer than a second, and can be turned off", {
  url <- local_cognito(latency_ms = 100)
  svc <- local_service(url)
  pool <- svc$create_user_pool(PoolName = "progress")$UserPool$Id
  client <- svc$create_user_pool_client(UserPoolId = pool, ClientName = "app")$UserPoolClient$ClientId
  rows <- data.frame(Username = sprintf("p%02d", 1:16))
  shown <- function(...) {
    said <- character()
    out <- withCallingHandlers(batch_call(svc$resend_confirmation_code, rows, ClientId = client,
                                     max_workers = 1, ...),
                               message = function(m) {
                                 said <<- c(said, conditionMessage(m))
                                 invokeRestart("muffleMessage")
                               })
    expect_identical(out$Username, rows$Username)
    paste(said, collapse = "")
  }
  expect_match(shown(progress = TRUE), "16/16 rows", fixed = TRUE)
  expect_identical(shown(progress = FALSE), "")
  rows <- rows[1:3, , drop = FALSE]
  expect_identical(shown(progress = TRUE), "")  # over in well under a second
})

test_that("batch_call() names the argument that is wrong", {
  svc <- local_service()
  op <- svc$resend_confirmation_code
  rows <- data.frame(Username = "u")
  expect_error(batch_call(function(x) x, rows), "`operation` must be an operation function")
  expect_error(batch_call(op, list(Username = "u")), "`rows` must be a data.frame")
  expect_error(batch_call(op, data.frame(Username = "u", status = 1), ClientId = "c"),
               "named like the result's: status")
  expect_error(batch_call(op, rows, "c"), "arguments in `...` must be named")
  expect_error(batch_call(op, rows, ClientId = "c", max_workers = 0), "`max_workers` must be")
  expect_error(batch_call(op, rows, ClientId = "c", progress = NA), "`progress` must be TRUE or FALSE")
  expect_error(batch_call(op, rows), "needs ClientId", class = "paws_bridge_invalid_argument")
  expect_error(batch_call(op, data.frame(Username = "u", ClientId = "c"), ClientId = "c"),
               "ClientId given both as a column and as an argument")
  expect_error(batch_call(op, rows, ClientId = "c", Bogus = 1),
               "`...` has argument(s) the operation does not take: Bogus", fixed = TRUE)
  expect_error(batch_call(op, rows, ClientId = NA), "ClientId: NA is not a value",
               class = "paws_bridge_invalid_argument")
  # all six arguments, out of model order: each read by its name
  all_six <- batch_call(op, data.frame(x = 1), ClientMetadata = list(a = "b"), Username = "nobody",
                   AnalyticsMetadata = list(AnalyticsEndpointId = "e"), ClientId = "c",
                   UserContextData = list(EncodedData = "d"), SecretHash = "h",
                   progress = FALSE)
  expect_identical(all_six$error_code, "ResourceNotFoundException")
  expect_error(batch_call(op, data.frame(Username = "u", ClientMetadata = "x"), ClientId = "c"),
               "give it as a list column")
})
