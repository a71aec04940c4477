# paginate(), paginate_lapply(), paginate_sapply(): paws.common's semantics, driven by the
# paginator model. The first tests use a stand-in operation (a function carrying the
# bridge's attribute and its paginator config) and need no service; the rest page through
# users of the local Cognito endpoint (python -m paws_bridge.local).

# A stand-in paginated operation over `items`, `Size` per page, tokens "t<next index>".
fake_operation <- function(items, repeat_token = FALSE) {
  calls <- new.env()
  calls$n <- 0L
  calls$args <- list()
  fn <- function(Filter = NULL, Size = NULL, Token = NULL) {
    calls$n <- calls$n + 1L
    calls$args[[calls$n]] <- list(Filter = Filter, Size = Size, Token = Token)
    start <- if (is.null(Token)) 1L else as.integer(sub("t", "", Token))
    size <- if (is.null(Size)) 2L else Size
    idx <- seq.int(start, length.out = size)
    idx <- idx[idx <= length(items)]
    last <- max(c(idx, start - 1L))
    nxt <- if (repeat_token) "t1" else if (last < length(items)) paste0("t", last + 1L) else character(0)
    list(Items = as.list(items[idx]), Next = nxt)
  }
  attr(fn, "paws_bridge") <- list(
    service = "fake", operation = "list_items",
    paginator = list(input_token = "Token", output_token = "Next", limit_key = "Size",
                     result_key = "Items"))
  list(fn = fn, calls = calls)
}

test_that("paginate() follows tokens until the service gives none", {
  op <- fake_operation(letters[1:5])
  svc <- list(list_items = op$fn)
  pages <- paginate(svc$list_items(Filter = "x"))
  expect_length(pages, 3L)
  expect_identical(unlist(lapply(pages, `[[`, "Items")), letters[1:5])
  expect_identical(op$calls$args[[1]], list(Filter = "x", Size = NULL, Token = NULL))
  expect_identical(op$calls$args[[2]]$Token, "t3")
  expect_identical(op$calls$args[[3]]$Filter, "x")
  # each page is the operation's whole value
  expect_named(pages[[1]], c("Items", "Next"))
})

test_that("PageSize, MaxItems and StartingToken set the call as in paws", {
  op <- fake_operation(letters[1:7])
  svc <- list(list_items = op$fn)
  pages <- paginate(svc$list_items(), PageSize = 3)
  expect_identical(lengths(lapply(pages, `[[`, "Items")), c(3L, 3L, 1L))
  # the call's own page size wins over PageSize
  expect_length(paginate(svc$list_items(Size = 7), PageSize = 3), 1L)
  # MaxItems stops after the page that reaches it; that page is returned whole
  expect_length(paginate(svc$list_items(), PageSize = 3, MaxItems = 4), 2L)
  expect_length(paginate(svc$list_items(), PageSize = 3, MaxItems = 3), 1L)
  resumed <- paginate(svc$list_items(), StartingToken = "t6")
  expect_identical(unlist(lapply(resumed, `[[`, "Items")), c("f", "g"))
})

test_that("StopOnSameToken stops when the token does not change", {
  op <- fake_operation(letters[1:4], repeat_token = TRUE)
  svc <- list(list_items = op$fn)
  pages <- paginate(svc$list_items(), StartingToken = "t1", StopOnSameToken = TRUE)
  expect_length(pages, 0L)
  pages <- paginate(svc$list_items(), StopOnSameToken = TRUE)
  expect_length(pages, 1L)
  expect_identical(op$calls$n, 3L)
})

test_that("do.call() forms and arguments from the caller's environment work", {
  op <- fake_operation(letters[1:3])
  svc <- list(list_items = op$fn)
  args <- list(Filter = "y")
  local({
    size <- 1
    pages <- paginate(do.call(svc$list_items, args), PageSize = size)
    expect_length(pages, 3L)
  })
  expect_identical(op$calls$args[[3]]$Filter, "y")
})

test_that("paginate_lapply() and paginate_sapply() map over pages", {
  op <- fake_operation(letters[1:5])
  svc <- list(list_items = op$fn)
  got <- paginate_lapply(svc$list_items(), function(page, sep) {
    paste(unlist(page$Items), collapse = sep)
  }, sep = "+")
  expect_identical(got, list("a+b", "c+d", "e"))
  expect_identical(paginate_sapply(svc$list_items(), function(page) length(page$Items)),
                   c(2L, 2L, 1L))
  expect_identical(paginate_sapply(svc$list_items(), function(page) length(page$Items),
                                   simplify = FALSE), list(2L, 2L, 1L))
})

test_that("bad uses fail with clear messages", {
  op <- fake_operation(letters[1:2])
  svc <- list(list_items = op$fn, plain = function(x = NULL) list())
  expect_error(paginate(svc$plain()), "Unknown method: `svc$plain`", fixed = TRUE)
  list_items <- op$fn
  expect_error(paginate(list_items), "`Operation` must be a call")
  expect_error(paginate(svc$list_items(), PageSize = 0), "`PageSize` must be NULL or")
  expect_error(paginate(svc$list_items(), MaxItems = "a"), "`MaxItems` must be NULL or")
  expect_error(paginate(svc$list_items(), StopOnSameToken = NA), "`StopOnSameToken`")
  expect_identical(op$calls$n, 0L)
})

test_that("botocore's token paths are read from pages", {
  page <- list(A = list(B = "tok"), L = list(list(K = "first"), list(K = "last")))
  expect_identical(.pb_token_at("A.B", page), "tok")
  expect_identical(.pb_token_at("L[-1].K", page), "last")
  expect_identical(.pb_token_at("L[0].K", page), "first")
  expect_null(.pb_token_at("A.C", page))
  expect_true(.pb_no_more_tokens(list(character(0))))
  expect_true(.pb_no_more_tokens(list("")))
  expect_false(.pb_no_more_tokens(list("x")))
})

# --- against the local Cognito endpoint ---------------------------------------------------

local_endpoint <- function() {
  child <- .pb_spawn_python(c("-m", "paws_bridge.local", "--resend-limit", "0"))
  url <- tryCatch(.pb_child_first_line(child, timeout = 60), error = function(e) {
    .pb_stop_process(child)
    stop(e)
  })
  list(child = child, url = url)
}

test_that("paginate() pages through list_users of the local endpoint", {
  skip_without_bridge()
  endpoint <- local_endpoint()
  on.exit(.pb_stop_process(endpoint$child), add = TRUE)
  svc <- cognitoidentityprovider(
    config = config(credentials(creds("test", "test")), region = "us-east-1",
                    endpoint = endpoint$url))
  pool <- svc$create_user_pool(PoolName = "paginate")$UserPool$Id
  names <- sprintf("user%02d", 1:5)
  for (name in names) svc$admin_create_user(UserPoolId = pool, Username = name)

  pages <- paginate(svc$list_users(UserPoolId = pool), PageSize = 2)
  expect_identical(lengths(lapply(pages, `[[`, "Users")), c(2L, 2L, 1L))
  got <- unlist(lapply(pages, function(p) vapply(p$Users, `[[`, "", "Username")))
  expect_setequal(got, names)
  expect_identical(pages[[3]]$PaginationToken, character(0))

  expect_length(paginate(svc$list_users(UserPoolId = pool), PageSize = 2, MaxItems = 3), 2L)
  resumed <- paginate(svc$list_users(UserPoolId = pool, Limit = 2),
                      StartingToken = pages[[1]]$PaginationToken)
  expect_identical(lengths(lapply(resumed, `[[`, "Users")), c(2L, 1L))
  expect_identical(
    paginate_sapply(svc$list_users(UserPoolId = pool, Limit = 4), function(p) length(p$Users)),
    c(4L, 1L))
  expect_error(paginate(svc$resend_confirmation_code(ClientId = "c", Username = "u")),
               "Method: `svc$resend_confirmation_code` is unable to paginate.", fixed = TRUE)
})
