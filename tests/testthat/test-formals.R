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

# paws's API as data (tests/paws-api/services.json): every operation of every service paws
# has, with its R formals. Where paws's members and the pinned botocore model's agree (paws
# generated its packages from an older model), our formals must be identical to paws's.
# Run in a child R (tests/replay/formals_vs_paws.R): it loads all 302 models, which must not change
# what later tests of this session see (to_frame() guesses among the loaded services).
test_that("formals are identical to paws's for every operation whose members agree", {
  skip_without_bridge()
  script <- file.path(.pb_test_root, "tests", "replay", "formals_vs_paws.R")
  out <- suppressWarnings(system2(
    file.path(R.home("bin"), "Rscript"), c(shQuote(script), shQuote(.pb_test_root)),
    stdout = TRUE, stderr = TRUE,
    env = c(paste0("R_LIBS=", shQuote(paste(.libPaths(), collapse = .Platform$path.sep))),
            "R_PROFILE_USER=/dev/null")))
  line <- grep("^formals: ", out, value = TRUE)
  expect_length(line, 1L)
  n <- as.list(as.integer(sub(".*=", "", strsplit(sub("^formals: ", "", line), " ")[[1]])))
  names(n) <- sub("=.*", "", strsplit(sub("^formals: ", "", line), " ")[[1]])
  info <- paste(out, collapse = "\n")
  expect_identical(n$services, 302L, info = info)
  expect_identical(n$missing, 0L, info = info)
  # Same members, other order or other required flags: botocore's model reordered members
  # (e.g. eventbridgescheduler$delete_schedule: Name, GroupName, ClientToken; paws's older
  # copy had ClientToken first) or changed what is required (chime$update_global_settings)
  # since paws was generated; the bridge follows the pinned model. Those are few; a
  # systematic error in how formals are built would hit thousands.
  expect_lt(n$reordered, 200L)
  # ~14,000 of paws's 15,186 operations (the rest: members the model has gained since)
  expect_gt(n$identical, 13000L)
  message(line)
})
