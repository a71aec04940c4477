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
test_that("formals are identical to paws's for every operation whose members agree", {
  skip_without_bridge()
  api <- jsonlite::read_json(file.path(.pb_test_root, "tests", "paws-api", "services.json"))
  living <- intersect(names(api$services), ls(asNamespace("paws.bridge")))
  living <- living[!vapply(living, function(s) {
    # retired services are functions that only say so
    ".pb_retired_service" %in% all.names(body(get(s, asNamespace("paws.bridge"))))
  }, NA)]
  expect_gt(length(living), 290L)
  identical_n <- 0L
  disagree_n <- 0L
  differ <- character()
  missing <- character()
  for (service in living) {
    templates <- paws.bridge:::.pb_templates(service)
    retired <- paws.bridge:::.pb_retired_operations[[service]]
    for (op in names(api$services[[service]]$operations)) {
      fn <- templates[[op]]
      if (is.null(fn)) {
        if (!op %in% retired) missing <- c(missing, paste0(service, "$", op))
        next
      }
      f <- api$services[[service]]$operations[[op]]$formals
      arguments <- vapply(f, function(x) x$name, "")
      if (!setequal(arguments, names(formals(fn)))) {
        disagree_n <- disagree_n + 1L  # members added to (or removed from) the model since
        next
      }
      required <- arguments[vapply(f, function(x) is.null(x$default), NA)]
      if (identical(formals(fn), expected_formals(arguments, required))) {
        identical_n <- identical_n + 1L
      } else {
        differ <- c(differ, paste0(service, "$", op))
      }
    }
  }
  expect_identical(missing, character())
  # Same members, other order or other required flags: botocore's model reordered members
  # (e.g. eventbridgescheduler$delete_schedule: Name, GroupName, ClientToken; paws's older
  # copy had ClientToken first) or changed what is required (chime$update_global_settings)
  # since paws was generated; the bridge follows the pinned model. Those are few; a
  # systematic error in how formals are built would hit thousands.
  expect_lt(length(differ), 200L)
  # ~14,000 of paws's 15,186 operations (the rest: members the model has gained since)
  expect_gt(identical_n, 13000L)
  message(sprintf(paste("formals identical to paws's: %d operations of %d services;",
                        "%d same members in another order or with other required flags;",
                        "%d with other members"),
                  identical_n, length(living), length(differ), disagree_n))
})
