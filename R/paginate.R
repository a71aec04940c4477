# paginate(), paginate_lapply(), paginate_sapply(): paws.common's paginators.
#
# As in paws.common 0.8.10, `Operation` is an unevaluated call such as
# `svc$list_users(UserPoolId = "...")` (or `do.call(svc$list_users, args)`), evaluated in the
# caller's environment. R only captures the call: its arguments are evaluated once, exactly as
# the operation would evaluate them (a missing required argument, an unused one: R's own
# errors), and handed over with the paging arguments, through the exchange environment, to
# the Python host (paws_bridge/r/host.py `paginate`), whose one paging loop
# (paws_bridge/paginate.py) follows the tokens of botocore's paginator model -- for any
# service -- and returns every page as the R value paws returns. FUN then runs over the
# pages in R.

.pb_do_call <- as.name("do.call")

#' Paginate over an operation
#'
#' @description
#' Some operations return their results a page at a time: the response carries a token, and
#' the next call with that token returns the next page. These functions make those calls
#' until the service returns no token, as paws.common's functions of the same names do.
#' Which arguments and members are the tokens, the page size and the results comes from
#' botocore's paginator model; the help page of each operation that paginates says which
#' (e.g. \code{\link{cognitoidentityprovider_list_users}}).
#'
#' @details
#' Pagination stops when the service returns no next token (absent, empty or \code{""}),
#' when the paginator's \dQuote{more results} member is \code{FALSE}, after \code{MaxItems}
#' items, or, with \code{StopOnSameToken = TRUE}, when the token does not change. An
#' operation that does not paginate fails with \dQuote{Method: ... is unable to paginate};
#' a function that is not an operation of a paws.bridge service fails with
#' \dQuote{Unknown method}.
#'
#' @param Operation The call of an operation that paginates, for example
#'   \code{svc$list_users(UserPoolId = "...")}, or \code{do.call(svc$list_users, args)}. It is
#'   not evaluated as given: its arguments are evaluated once, in the caller's environment,
#'   and every page's call is made with them and the token argument set to the previous
#'   page's next token.
#' @param PageSize The size of each page: sets the operation's page size argument (for
#'   \code{list_users}, \code{Limit}) unless the call already gives it.
#' @param MaxItems Stop after the page that brings the number of result items (for
#'   \code{list_users}, \code{Users}) to \code{MaxItems} or more. As in paws, that page is
#'   returned whole.
#' @param StartingToken A token to start from, e.g. one saved from an earlier pagination:
#'   sets the token argument unless the call already gives it.
#' @param StopOnSameToken If \code{TRUE}, stop when the service returns the token it was
#'   given (some services always return a token); that last page is not returned.
#' @param FUN The function applied to each page (the operation's whole value).
#' @param ... Further arguments to \code{FUN}.
#' @param simplify See \code{\link[base]{sapply}}.
#' @return \code{paginate}: the list of pages, each the operation's value for one call.
#' \code{paginate_lapply}: the list of \code{FUN}'s values, one per page.
#' \code{paginate_sapply}: the same, simplified as \code{\link[base]{sapply}} does.
#' @seealso \code{\link{cognitoidentityprovider}}
#' @examples
#' \dontrun{
#' svc <- cognitoidentityprovider()
#' pages <- paginate(svc$list_users(UserPoolId = "eu-west-1_example"), PageSize = 60)
#' users <- unlist(lapply(pages, `[[`, "Users"), recursive = FALSE)
#'
#' # the usernames, page by page
#' paginate_lapply(
#'   svc$list_users(UserPoolId = "eu-west-1_example"),
#'   function(page) vapply(page$Users, `[[`, "", "Username")
#' )
#' }
#' @export
paginate <- function(Operation, PageSize = NULL, MaxItems = NULL, StartingToken = NULL,
                     StopOnSameToken = FALSE) {
  .pb_paginate(substitute(Operation), parent.frame(), PageSize, MaxItems, StartingToken,
               StopOnSameToken)
}

#' @rdname paginate
#' @export
paginate_lapply <- function(Operation, FUN, ..., PageSize = NULL, MaxItems = NULL,
                            StartingToken = NULL, StopOnSameToken = FALSE) {
  FUN <- match.fun(FUN)
  pages <- .pb_paginate(substitute(Operation), parent.frame(), PageSize, MaxItems,
                        StartingToken, StopOnSameToken)
  lapply(pages, FUN, ...)
}

#' @rdname paginate
#' @export
paginate_sapply <- function(Operation, FUN, ..., simplify = TRUE, PageSize = NULL,
                            MaxItems = NULL, StartingToken = NULL, StopOnSameToken = FALSE) {
  FUN <- match.fun(FUN)
  pages <- .pb_paginate(substitute(Operation), parent.frame(), PageSize, MaxItems,
                        StartingToken, StopOnSameToken)
  result <- lapply(pages, FUN, ...)
  if (!isFALSE(simplify)) {
    simplify2array(result, higher = identical(simplify, "array"))
  } else {
    result
  }
}

# Capture the call `expr` (evaluated in `env`), check the paging arguments, hand over.
.pb_paginate <- function(expr, env, PageSize, MaxItems, StartingToken, StopOnSameToken) {
  fn <- .pb_paginate_call(expr, env)
  .pb_check_count(PageSize, "PageSize")
  .pb_check_count(MaxItems, "MaxItems")
  if (!is.logical(StopOnSameToken) || length(StopOnSameToken) != 1L || is.na(StopOnSameToken)) {
    stop("`StopOnSameToken` must be TRUE or FALSE", call. = FALSE)
  }
  if (!is.null(StartingToken) && (!is.character(StartingToken) || length(StartingToken) != 1L ||
                                  is.na(StartingToken))) {
    stop("`StartingToken` must be NULL or a single string", call. = FALSE)
  }
  label <- paste(deparse(fn[[1L]], width.cutoff = 500L), collapse = "")
  operation <- eval(fn[[1L]], envir = env)
  info <- if (is.function(operation)) attr(operation, "paws_bridge", exact = TRUE)
  svc <- if (is.function(operation)) environment(operation)$.pb_svc
  if (!is.list(info) || is.null(info$operation) || !is.environment(svc)) {
    stop(sprintf("Unknown method: `%s`. Please check service methods and try again.", label),
         call. = FALSE)
  }
  fn[[1L]] <- .pb_argument_list(operation)
  args <- eval(fn, envir = env)
  rt <- .pb_runtime()
  exchange <- rt$exchange
  exchange$args <- args
  on.exit(exchange$args <- NULL, add = TRUE)
  status <- .pb_host()$paginate(svc$handle, info$operation, label, PageSize, MaxItems,
                                StartingToken, StopOnSameToken)
  if (!identical(status, .PB_OK)) {
    .pb_signal(status, .pb_take(exchange, "error"), sys.call(-1L))
  }
  .pb_take(exchange, "result")
}

# The call, with a do.call() form rewritten into a plain call (as paws does).
.pb_paginate_call <- function(fn, env) {
  if (!is.call(fn)) {
    stop("`Operation` must be a call of a service operation, e.g. ",
         "paginate(svc$list_users(UserPoolId = \"...\"))", call. = FALSE)
  }
  if (identical(fn[[1L]], .pb_do_call)) {
    args <- eval(fn[[3L]], envir = env)
    fn <- fn[2L]
    for (key in names(args)) {
      fn[key] <- list(args[[key]])
    }
  }
  fn
}

# A function with the operation's formals that returns its argument list (every formal,
# in model order, NULL when unset): what the operation itself would hand to Python.
.pb_argument_list <- function(operation) {
  arguments <- names(formals(operation))
  values <- lapply(arguments, as.name)
  names(values) <- arguments
  as.function(c(formals(operation), as.call(c(list(as.name("list")), values))),
              envir = baseenv())
}

.pb_check_count <- function(value, name) {
  if (!is.null(value) &&
      (!is.numeric(value) || length(value) != 1L || is.na(value) || value < 1 ||
       value != trunc(value))) {
    stop(sprintf("`%s` must be NULL or a single whole number >= 1", name), call. = FALSE)
  }
}
