# Operation functions: one per operation of the model, with paws's formals.

expected_formals <- function(arguments, required) {
  f <- rep(list(NULL), length(arguments))
  names(f) <- arguments
  f[required] <- list(quote(expr = ))
  as.pairlist(f)
}

test_that("every operation of the model is a function with the model's formals", {
  skip_without_bridge()
  table <- paws.bridge:::.pb_signatures("cognitoidentityprovider")
  svc <- cognitoidentityprovider(region = "us-east-1")
  expect_true(is.list(svc))
  expect_length(svc, 153L)
  expect_identical(names(svc), table$operations)
  for (i in seq_along(table$operations)) {
    op <- table$operations[[i]]
    expect_true(is.function(svc[[op]]), label = op)
    expect_identical(formals(svc[[op]]), expected_formals(table$arguments[[i]], table$required[[i]]),
                     label = op)
  }
})

test_that("formals are identical to paws's for the operations paws has", {
  skip_without_bridge()
  meta <- jsonlite::read_json(file.path(corpus_dir(), "meta.json"))
  svc <- cognitoidentityprovider(region = "us-east-1")
  expect_gte(length(meta$operations), 93L)
  for (m in meta$operations) {
    want <- expected_formals(unlist(m$formals), unlist(m$formals) %in% unlist(m$required))
    expect_identical(formals(svc[[m$op]]), want, label = m$op)
  }
})

test_that("R itself reports a missing or unused argument", {
  skip_without_bridge()
  svc <- cognitoidentityprovider(region = "us-east-1")
  expect_error(svc$resend_confirmation_code(ClientId = "x"),
               'argument "Username" is missing, with no default', fixed = TRUE)
  expect_error(svc$resend_confirmation_code(ClientId = "x", Username = "u", Bogus = 1),
               "unused argument (Bogus = 1)", fixed = TRUE)
})

test_that("a second constructor call is fast and gives working, separate clients", {
  skip_without_bridge()
  a <- cognitoidentityprovider(region = "us-east-1")
  t <- system.time(for (i in 1:50) cognitoidentityprovider(region = "us-east-1"))[["elapsed"]] / 50
  expect_lt(t, 0.002)
  b <- cognitoidentityprovider(region = "eu-west-1")
  expect_false(identical(environment(a$get_user)$handle, environment(b$get_user)$handle))
  expect_s3_class(a, "paws_bridge_service")
  expect_output(print(a), "cognitoidentityprovider: 153 operations")
  expect_identical(attr(a$list_users, "paws_bridge"),
                   list(service = "cognitoidentityprovider", operation = "list_users"))
})
