# paginate(), paginate_lapply(), paginate_sapply(): paws.common's paginators.
#
# As in paws.common 0.8.10, `Operation` is an unevaluated call such as
# `svc$list_users(UserPoolId = "...")` (or `do.call(svc$list_users, args)`). It is evaluated
# in the caller's environment once per page, each time with the input token argument set to
# the previous page's output token, until the service returns no token. Which arguments and
# members are the tokens, the page size and the results comes from botocore's paginator
# model (input_token, output_token, limit_key, result_key, more_results).
#
# The operation function must be one of the bridge's: it carries
# `attr(fn, "paws_bridge") = list(service = "<paws service>", operation = "<snake_case>")`
# and, optionally, `paginator` (the paginator config as a named list). Without `paginator`
# the config is read from the Python model once per operation and cached.

.pb_do_call <- as.name("do.call")

paginate <- function(Operation, PageSize = NULL, MaxItems = NULL, StartingToken = NULL,
                     StopOnSameToken = FALSE) {
  env <- parent.frame()
  fn <- .pb_paginate_call(substitute(Operation), env)
  plan <- .pb_paginate_plan(fn, env, PageSize, MaxItems, StartingToken, StopOnSameToken)
  .pb_paginate_run(plan, env, function(page) page)
}

paginate_lapply <- function(Operation, FUN, ..., PageSize = NULL, MaxItems = NULL,
                            StartingToken = NULL, StopOnSameToken = FALSE) {
  FUN <- match.fun(FUN)
  env <- parent.frame()
  fn <- .pb_paginate_call(substitute(Operation), env)
  plan <- .pb_paginate_plan(fn, env, PageSize, MaxItems, StartingToken, StopOnSameToken)
  .pb_paginate_run(plan, env, function(page) FUN(page, ...))
}

paginate_sapply <- function(Operation, FUN, ..., simplify = TRUE, PageSize = NULL,
                            MaxItems = NULL, StartingToken = NULL, StopOnSameToken = FALSE) {
  FUN <- match.fun(FUN)
  env <- parent.frame()
  fn <- .pb_paginate_call(substitute(Operation), env)
  plan <- .pb_paginate_plan(fn, env, PageSize, MaxItems, StartingToken, StopOnSameToken)
  result <- .pb_paginate_run(plan, env, function(page) FUN(page, ...))
  if (!isFALSE(simplify)) {
    simplify2array(result, higher = identical(simplify, "array"))
  } else {
    result
  }
}

# The operation call, with a do.call() form rewritten into a plain call (as paws does).
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

.pb_check_count <- function(value, name) {
  if (!is.null(value) &&
      (!is.numeric(value) || length(value) != 1L || is.na(value) || value < 1 ||
       value != trunc(value))) {
    stop(sprintf("`%s` must be NULL or a single whole number >= 1", name), call. = FALSE)
  }
}

# Everything the loop needs: the call with PageSize / StartingToken filled in, the paginator.
.pb_paginate_plan <- function(fn, env, PageSize, MaxItems, StartingToken, StopOnSameToken) {
  .pb_check_count(PageSize, "PageSize")
  .pb_check_count(MaxItems, "MaxItems")
  if (!is.logical(StopOnSameToken) || length(StopOnSameToken) != 1L || is.na(StopOnSameToken)) {
    stop("`StopOnSameToken` must be TRUE or FALSE", call. = FALSE)
  }
  label <- paste(deparse(fn[[1L]], width.cutoff = 500L), collapse = "")
  operation <- eval(fn[[1L]], envir = env)
  paginator <- .pb_paginator(operation, label)
  # paws sets the starting token only when the paginator has a single input token, and
  # neither it nor the page size when the call already gives them.
  if (!is.null(StartingToken) && length(paginator$input_token) == 1L &&
      is.null(fn[[paginator$input_token]])) {
    fn[paginator$input_token] <- list(StartingToken)
  }
  if (!is.null(PageSize) && !is.null(paginator$limit_key) &&
      is.null(fn[[paginator$limit_key]])) {
    fn[paginator$limit_key] <- list(PageSize)
  }
  list(fn = fn, paginator = paginator, MaxItems = MaxItems,
       StopOnSameToken = StopOnSameToken)
}

.pb_paginate_run <- function(plan, env, each) {
  fn <- plan$fn
  paginator <- plan$paginator
  input_tokens <- paginator$input_token
  primary_result_key <- paginator$result_key[1L]
  more_results <- paginator$more_results
  seen <- 0
  result <- list()
  repeat {
    page <- eval(fn, envir = env)
    tokens <- lapply(paginator$output_token, .pb_token_at, page = page)
    if (plan$StopOnSameToken) {
      previous <- unlist(lapply(input_tokens, function(key) fn[[key]]), use.names = FALSE)
      if (identical(previous, unlist(tokens, use.names = FALSE))) {
        break
      }
    }
    for (i in seq_along(input_tokens)) {
      fn[input_tokens[[i]]] <- list(tokens[[i]])
    }
    result[[length(result) + 1L]] <- each(page)
    if (!is.null(more_results) && isFALSE(.pb_token_at(more_results, page))) {
      break
    }
    if (!is.null(plan$MaxItems) && !is.na(primary_result_key)) {
      seen <- seen + length(page[[primary_result_key]])
      if (seen >= plan$MaxItems) {
        break
      }
    }
    if (.pb_no_more_tokens(tokens)) {
      break
    }
  }
  result
}

# The paginator config of a bridge operation function (a named list with input_token,
# output_token and optionally limit_key, result_key, more_results), or an error.
.pb_paginator <- function(operation, label) {
  info <- if (is.function(operation)) attr(operation, "paws_bridge", exact = TRUE)
  if (!is.list(info) || is.null(info$service) || is.null(info$operation)) {
    stop(sprintf("Unknown method: `%s`. Please check service methods and try again.", label),
         call. = FALSE)
  }
  paginator <- info$paginator
  if (is.null(paginator)) {
    paginator <- .pb_paginator_from_model(info$service, info$operation)
  }
  if (!all(c("input_token", "output_token") %in% names(paginator))) {
    stop(sprintf("Method: `%s` is unable to paginate.", label), call. = FALSE)
  }
  paginator
}

# botocore's paginator config for one operation, read from the Python model once.
.pb_paginator_from_model <- function(service, operation) {
  key <- paste0(service, "$", operation)
  cache <- .pb_state$paginators
  if (is.null(cache)) {
    cache <- .pb_state$paginators <- new.env(parent = emptyenv())
  }
  if (!exists(key, envir = cache, inherits = FALSE)) {
    model <- .pb_module("paws_bridge.model")
    config <- model$load_service(service)$operation(operation)$paginator
    if (inherits(config, "python.builtin.object")) {  # an OrderedDict left unconverted
      config <- reticulate::py_to_r(reticulate::import_builtins(convert = FALSE)$dict(config))
    }
    if (!is.null(config)) {
      config <- lapply(config, function(x) if (is.list(x)) unlist(x) else x)
    }
    assign(key, config, envir = cache)
  }
  get(key, envir = cache, inherits = FALSE)
}

# A value in a page by a botocore token path: "NextToken", "A.B", "Items[-1].Key", and
# alternatives "NextMarker || Contents[-1].Key" (the first that is there).
.pb_token_at <- function(path, page) {
  if (grepl("||", path, fixed = TRUE)) {
    for (alternative in trimws(strsplit(path, "||", fixed = TRUE)[[1L]])) {
      value <- .pb_token_at(alternative, page)
      if (length(value) && !(is.character(value) && !any(nzchar(value)))) {
        return(value)
      }
    }
    return(NULL)
  }
  value <- page
  for (part in strsplit(path, ".", fixed = TRUE)[[1L]]) {
    index <- regmatches(part, regexec("^(.*)\\[(-?[0-9]+)\\]$", part))[[1L]]
    name <- if (length(index)) index[[2L]] else part
    value <- if (is.list(value) && !is.null(names(value))) value[[name]] else NULL
    if (length(index) && length(value)) {
      i <- as.integer(index[[3L]])
      i <- if (i < 0L) length(value) + i + 1L else i + 1L
      value <- if (i >= 1L && i <= length(value)) value[[i]] else NULL
    }
    if (is.null(value)) {
      return(NULL)
    }
  }
  value
}

# TRUE when the service gave no next token: absent, empty (character(0)) or "".
.pb_no_more_tokens <- function(tokens) {
  all(vapply(tokens, function(token) {
    length(token) == 0L || (is.character(token) && all(!nzchar(token) | is.na(token)))
  }, logical(1L)))
}
