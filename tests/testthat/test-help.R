# Every operation has a help page like paws's, topic <service>_<operation>; so do the
# constructor and the helpers. The operation list comes from the Python model.

rd_db <- tools::Rd_db("paws.bridge")

help_text <- function(topic) {
  rd <- rd_db[[paste0(topic, ".Rd")]]
  expect_false(is.null(rd), info = topic)
  out <- tempfile(fileext = ".txt")
  on.exit(unlink(out))
  tools::Rd2txt(rd, out = out, options = list(underline_titles = FALSE))
  paste(readLines(out, warn = FALSE), collapse = "\n")
}

test_that("every operation of the model has its help page", {
  ops <- names(.pb_module("paws_bridge.model")$load_service(
    "cognitoidentityprovider")$operation_names)
  expect_gt(length(ops), 100L)
  topics <- paste0("cognitoidentityprovider_", ops)
  found <- vapply(topics, function(t) length(utils::help(t, package = "paws.bridge")) == 1L,
                  logical(1))
  expect_true(all(found), info = paste("missing:", paste(topics[!found], collapse = ", ")))
})

test_that("an operation's page has paws's usage, arguments, value and request syntax", {
  text <- help_text("cognitoidentityprovider_resend_confirmation_code")
  expect_match(text, "svc$resend_confirmation_code(", fixed = TRUE)
  expect_match(text, "SecretHash = NULL,", fixed = TRUE)
  expect_match(text, "ClientId: [required]", fixed = TRUE)
  expect_match(text, "A list with the following syntax:", fixed = TRUE)
  expect_match(text, "DeliveryMedium = \"SMS\"|\"EMAIL\"", fixed = TRUE)
  expect_match(text, "Request syntax", fixed = TRUE)
  expect_match(text, "ClientId = \"string\"", fixed = TRUE)
})

test_that("a paginated operation's page says how to paginate it", {
  text <- help_text("cognitoidentityprovider_list_users")
  expect_match(text, "PaginationToken", fixed = TRUE)
  expect_match(text, "paginate(svc$list_users(UserPoolId = \"...\"))", fixed = TRUE)
})

test_that("the constructor and helpers have pages", {
  for (topic in c("cognitoidentityprovider", "config", "credentials", "creds", "paginate",
                  "paginate_lapply", "paginate_sapply", "install_paws_bridge",
                  "secret_hash")) {
    expect_length(utils::help(topic, package = "paws.bridge"), 1L)
  }
  text <- help_text("cognitoidentityprovider")
  expect_match(text, "resend_confirmation_code", fixed = TRUE)
  expect_match(text, "client_secret", fixed = TRUE)
})

test_that("every other service's operations are topics of its compact page", {
  for (topic in c("dynamodb_put_item", "dynamodb_query", "sqs_send_message",
                  "ssm_get_parameters_by_path", "cloudwatchlogs_filter_log_events",
                  "lambda_create_function", "s3_get_object", "ec2_describe_instances",
                  "athena_start_query_execution", "batch_submit_job")) {
    found <- utils::help(topic, package = "paws.bridge")
    expect_length(found, 1L)
    service <- sub("_.*", "", topic)
    expect_identical(basename(as.character(found)), service, label = topic)
  }
  text <- help_text("dynamodb")
  expect_match(text, "svc$put_item(", fixed = TRUE)
  expect_match(text, "'TableName' [required] The name of the table to contain the item.",
               fixed = TRUE)
  expect_match(text, "Items = list(...)", fixed = TRUE)
  expect_match(text, "ExclusiveStartKey", fixed = TRUE)
  # the batch-call helper's page moved with it: batch() is AWS Batch
  expect_length(utils::help("batch_call", package = "paws.bridge"), 1L)
  expect_match(help_text("batch"), "AWS Batch", fixed = TRUE)
})

test_that("every service of the registry has its page, with an alias per operation", {
  aliases <- readRDS(system.file("help", "aliases.rds", package = "paws.bridge"))
  constructors <- unlist(paws.bridge:::.pb_paws_packages, use.names = FALSE)
  living <- constructors[vapply(constructors, function(s) {
    !".pb_retired_service" %in% all.names(body(get(s, asNamespace("paws.bridge"))))
  }, NA)]
  expect_true(all(living %in% names(aliases)))
  # ~20,000 operation topics
  expect_gt(sum(grepl("_", names(aliases))), 19000L)
})
