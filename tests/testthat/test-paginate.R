# paginate(), paginate_lapply(), paginate_sapply(): paws.common's interface and semantics. R
# only captures the call; the paging loop is Python's (paws_bridge/paginate.py, whose token
# rules are tested on a stand-in service in tests/python/test_paging_loop.py). These tests
# page through users of the local Cognito endpoint (python -m paws_bridge.local).

# A pool of 7 users (user001 .. user007) of the shared local endpoint, made once per run.
paging_pool <- local({
  made <- NULL
  function() {
    if (is.null(made)) {
      svc <- local_service()
      pool <- svc$create_user_pool(PoolName = "paginate")$UserPool$Id
      for (name in sprintf("user%03d", 1:7)) {
        svc$admin_create_user(UserPoolId = pool, Username = name, MessageAction = "SUPPRESS")
      }
      made <<- list(svc = svc, pool = pool)
    }
    made
  }
})

usernames <- function(pages) {
  unlist(lapply(pages, function(p) vapply(p$Users, `[[`, "", "Username")))
}

test_that("paginate() follows tokens until the service gives none", {
  p <- paging_pool()
  svc <- p$svc
  pages <- paginate(svc$list_users(UserPoolId = p$pool), PageSize = 3)
  expect_identical(lengths(lapply(pages, `[[`, "Users")), c(3L, 3L, 1L))
  expect_setequal(usernames(pages), sprintf("user%03d", 1:7))
  # each page is the operation's whole value, as paws returns it
  expect_named(pages[[1]], names(svc$list_users(UserPoolId = p$pool)))
  expect_identical(pages[[3]]$PaginationToken, character(0))
  expect_true(nzchar(pages[[1]]$PaginationToken))
})

test_that("PageSize, MaxItems and StartingToken set the call as in paws", {
  p <- paging_pool()
  svc <- p$svc
  # the call's own page size wins over PageSize
  expect_identical(lengths(lapply(paginate(svc$list_users(UserPoolId = p$pool, Limit = 4),
                                           PageSize = 3), `[[`, "Users")), c(4L, 3L))
  # MaxItems stops after the page that reaches it; that page is returned whole
  capped <- paginate(svc$list_users(UserPoolId = p$pool), PageSize = 3, MaxItems = 4)
  expect_identical(lengths(lapply(capped, `[[`, "Users")), c(3L, 3L))
  expect_length(paginate(svc$list_users(UserPoolId = p$pool), PageSize = 3, MaxItems = 3), 1L)
  first <- paginate(svc$list_users(UserPoolId = p$pool), PageSize = 3)[[1]]
  resumed <- paginate(svc$list_users(UserPoolId = p$pool, Limit = 3),
                      StartingToken = first$PaginationToken)
  expect_identical(lengths(lapply(resumed, `[[`, "Users")), c(3L, 1L))
  expect_setequal(c(usernames(list(first)), usernames(resumed)), sprintf("user%03d", 1:7))
  # the call's own token wins over StartingToken
  again <- paginate(svc$list_users(UserPoolId = p$pool, Limit = 3,
                                   PaginationToken = first$PaginationToken),
                    StartingToken = "not-a-token")
  expect_identical(usernames(again), usernames(resumed))
})

test_that("StopOnSameToken is handed over and ends at the last page", {
  p <- paging_pool()
  pages <- paginate(p$svc$list_users(UserPoolId = p$pool), PageSize = 3,
                    StopOnSameToken = TRUE)
  expect_identical(lengths(lapply(pages, `[[`, "Users")), c(3L, 3L, 1L))
})

test_that("do.call() forms and arguments from the caller's environment work", {
  p <- paging_pool()
  svc <- p$svc
  args <- list(UserPoolId = p$pool)
  local({
    size <- 2
    pages <- paginate(do.call(svc$list_users, args), PageSize = size)
    expect_length(pages, 4L)
  })
  f <- function(pool) paginate(svc$list_users(UserPoolId = pool, Limit = 5))
  expect_length(f(p$pool), 2L)
})

test_that("the call's arguments are evaluated once, with R's own errors", {
  p <- paging_pool()
  svc <- p$svc
  n <- 0L
  pool <- function() {
    n <<- n + 1L
    p$pool
  }
  expect_length(paginate(svc$list_users(UserPoolId = pool()), PageSize = 3), 3L)
  expect_identical(n, 1L)
  expect_error(paginate(svc$list_users()), "UserPoolId")
  expect_error(paginate(svc$list_users(UserPoolId = p$pool, Nope = 1)), "unused argument")
})

test_that("paginate_lapply() and paginate_sapply() map over pages", {
  p <- paging_pool()
  svc <- p$svc
  got <- paginate_lapply(svc$list_users(UserPoolId = p$pool, Limit = 3), function(page, sep) {
    paste(sort(vapply(page$Users, `[[`, "", "Username")), collapse = sep)
  }, sep = "+")
  expect_length(got, 3L)
  expect_identical(lengths(strsplit(unlist(got), "+", fixed = TRUE)), c(3L, 3L, 1L))
  expect_identical(paginate_sapply(svc$list_users(UserPoolId = p$pool, Limit = 4),
                                   function(page) length(page$Users)), c(4L, 3L))
  expect_identical(paginate_sapply(svc$list_users(UserPoolId = p$pool, Limit = 4),
                                   function(page) length(page$Users), simplify = FALSE),
                   list(4L, 3L))
})

test_that("a service error on a page is signalled as paws's condition", {
  svc <- local_service()
  err <- tryCatch(paginate(svc$list_users(UserPoolId = "us-east-1_nope")),
                  error = function(e) e)
  expect_s3_class(err, "paws_error")
  expect_match(conditionMessage(err), "ResourceNotFoundException")
})

test_that("bad uses fail with clear messages, before any call", {
  svc <- list(plain = function(x = NULL) list())
  expect_error(paginate(svc$plain()), "Unknown method: `svc$plain`", fixed = TRUE)
  plain <- svc$plain
  expect_error(paginate(plain), "`Operation` must be a call")
  real <- local_service()
  expect_error(paginate(real$list_users(UserPoolId = "x"), PageSize = 0),
               "`PageSize` must be NULL or")
  expect_error(paginate(real$list_users(UserPoolId = "x"), MaxItems = "a"),
               "`MaxItems` must be NULL or")
  expect_error(paginate(real$list_users(UserPoolId = "x"), StopOnSameToken = NA),
               "`StopOnSameToken`")
  expect_error(paginate(real$list_users(UserPoolId = "x"), StartingToken = 1),
               "`StartingToken` must be NULL or a single string")
  expect_error(paginate(real$resend_confirmation_code(ClientId = "c", Username = "u")),
               "Method: `real$resend_confirmation_code` is unable to paginate.", fixed = TRUE)
})

test_that("R/paginate.R holds no paging loop: the tokens are Python's", {
  src <- deparse(body(paws.bridge:::.pb_paginate))
  expect_false(any(grepl("repeat|while", src)))
})
