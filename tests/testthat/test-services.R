# Every service's constructor, under paws's name; retired ones say so; batch() is AWS Batch.

test_that("every service of the registry has a constructor with paws's formals", {
  registry <- jsonlite::read_json(file.path(.pb_test_root, "paws_bridge", "registry_data.json"))
  exports <- getNamespaceExports("paws.bridge")
  want <- formals(function(config = list(), credentials = list(), endpoint = NULL,
                           region = NULL) NULL)
  for (name in c(names(registry$services), names(registry$retired_services))) {
    expect_true(name %in% exports, label = name)
    expect_identical(formals(getExportedValue("paws.bridge", name)), want, label = name)
  }
  expect_gte(length(registry$services), 302L)
})

test_that("batch() is paws's AWS Batch constructor; the batch-call helper is batch_call()", {
  expect_identical(body(paws.bridge::batch)[[2L]][[2L]], "batch")
  expect_true("rows" %in% names(formals(paws.bridge::batch_call)))
})

test_that("a retired service or operation gives an error naming it", {
  expect_error(paws.bridge::alexaforbusiness(), "alexaforbusiness\\(\\) is not available")
  skip_without_bridge()
  chime <- paws.bridge::chime(region = "us-east-1")
  expect_error(chime$tag_meeting(MeetingId = "m"), "chime: tag_meeting\\(\\) is not available")
})

test_that("a service other than Cognito works: signatures from the model, paws's names", {
  skip_without_bridge()
  ddb <- paws.bridge::dynamodb(region = "us-east-1")
  expect_identical(names(formals(ddb$put_item))[1:2], c("TableName", "Item"))
  ec2 <- paws.bridge::ec2(region = "us-east-1")
  expect_true(is.function(ec2$assign_ipv_6_addresses))
})
