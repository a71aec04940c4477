# to_frame(): the items of list-operation results as one data.frame, a row per item.
#
# The work is the Python frames module's (paws_bridge.frames: result key and columns from the
# model, name/value attributes spread into columns); the R data.frame is built from its
# columns by paws_bridge.r.tables, typed by shape (see tables.R).

to_frame <- function(result, operation = NULL) {
  target <- .pb_frame_operation(operation)
  pages <- .pb_frame_pages(result)
  if (!length(pages) && is.null(target$operation)) {
    stop("`result` holds no pages to tell the operation from; pass `operation`, ",
         "e.g. to_frame(pages, operation = \"list_users\")", call. = FALSE)
  }
  .pb_tables_call(.pb_tables(), "to_frame", pages, target$operation, target$service,
                  call = sys.call())
}

# `operation` as list(service, operation): NULL (inferred from the pages), a name, or an
# operation function of a bridge service.
.pb_frame_operation <- function(operation) {
  if (is.null(operation)) {
    return(list(service = NULL, operation = NULL))
  }
  if (is.character(operation) && length(operation) == 1L && !is.na(operation) &&
      nzchar(operation)) {
    return(list(service = NULL, operation = operation))
  }
  info <- .pb_operation_info(operation)
  if (is.null(info)) {
    stop("`operation` must be NULL, an operation name such as \"list_users\", or an ",
         "operation function of a paws.bridge service such as svc$list_users", call. = FALSE)
  }
  list(service = info$service, operation = info$operation)
}

# `result` as a list of pages: one page (a named list), or a list of pages (paginate()).
.pb_frame_pages <- function(result) {
  if (!is.list(result) || is.data.frame(result)) {
    stop("`result` must be a result page of a list operation (a named list), or a list of ",
         "pages such as paginate() returns", call. = FALSE)
  }
  if (.pb_is_page(result)) {
    return(list(result))
  }
  for (i in seq_along(result)) {
    if (!.pb_is_page(result[[i]])) {
      stop(sprintf("`result[[%d]]` is not a result page (a named list)", i), call. = FALSE)
    }
  }
  unname(result)
}

.pb_is_page <- function(x) {
  is.list(x) && !is.data.frame(x) && !is.null(names(x)) && all(nzchar(names(x)))
}
