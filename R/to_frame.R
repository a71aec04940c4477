# to_frame(): the items of list-operation results as one data.frame, a row per item.
#
# The work is the Python frames module's (paws_bridge.frames: result key and columns from the
# model, name/value attributes spread into columns); the R data.frame is built from its
# columns by paws_bridge.r.tables, typed by shape (see tables.R).

#' The items of list results as a data frame
#'
#' @description
#' Turns the pages of a list operation (\code{list_users}, \code{list_users_in_group},
#' \code{list_groups}, \code{list_user_pools}, \code{list_user_pool_clients},
#' \code{admin_list_groups_for_user}, and every other operation returning a list of items) into
#' one data frame. The result member that holds the items and the columns come from the
#' service model, as in the Python package's \code{paws_bridge.to_frame()}, which does the work.
#'
#' @param result What a list operation returned: one page (for example
#'   \code{svc$list_users(UserPoolId = pool)}), or a list of pages such as
#'   \code{\link{paginate}()} returns.
#' @param operation Which operation produced the pages: \code{NULL} to tell it from the
#'   names of the first page, an operation name such as \code{"list_users"}, or the
#'   operation function itself (\code{svc$list_users}). Needed when \code{result} holds no
#'   page, and when two operations return pages with the same names but different items.
#' @return A plain \code{data.frame} with one row per result item (for \code{list_users}, per user), in
#' page order, and one column per member of the item, in the service model's order:
#' \itemize{
#' \item strings are character columns, booleans logical, integers integer, longs and doubles
#' double, and timestamps \code{POSIXct} in GMT; absent values are \code{NA};
#' \item members that are structures are spread into columns named with dots
#' (\code{CodeDeliveryDetails.Destination});
#' \item lists of name/value pairs (a user's \code{Attributes} or \code{UserAttributes}) become
#' one character column per attribute name (\code{email}, \code{custom:team}), at the list's
#' place, in order of first appearance; a name that is already a column is prefixed with the
#' list's name (\code{Attributes.Username});
#' \item other members (lists, maps, blobs) are list columns holding what the operation
#' returned for each item.
#' }
#' With no items, the columns of the item (without attribute columns) and no rows.
#' @seealso \code{\link{paginate}}, \code{\link{batch_call}}
#' @examples
#' \dontrun{
#' svc <- cognitoidentityprovider()
#' users <- to_frame(paginate(svc$list_users(UserPoolId = pool)))
#' unconfirmed <- users[users$UserStatus == "UNCONFIRMED", c("Username", "email")]
#'
#' to_frame(svc$list_groups(UserPoolId = pool))
#' to_frame(list(), operation = "list_groups")  # the columns, no rows
#' }
#' @export
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
