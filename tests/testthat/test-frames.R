# to_frame(): pages of every paginated operation -> one data.frame, typed by the model.
#
# Synthetic pages are built here in R, from a description of the output shapes read from the
# Python model, as paws returns them (numbers double, timestamps POSIXct, lists of scalars
# atomic vectors); the expected columns are worked out here from the same description.

EPOCH <- 1.7e9

# The output shapes of the paginated operations, as nested R lists: list(<op> = list(key,
# output = <shape>)), a shape being list(type, names/members | member/pairs | value | enum).
paginated_shapes <- local({
  shapes <- NULL
  function() {
    skip_without_bridge()
    if (is.null(shapes)) {
      reticulate::py_run_string(paste(
        "from paws_bridge.model import load_service as _pbt_load",
        "from paws_bridge.frames import list_spec as _pbt_list_spec, is_pairs as _pbt_is_pairs",
        "from paws_bridge.outputs import is_document as _pbt_is_document",
        "def _pbt_describe(shape, depth=0):",
        "    kind = shape.type_name",
        "    d = {'type': kind}",
        "    if kind == 'structure':",
        "        if _pbt_is_document(shape) or depth > 5:",
        "            return {'type': 'document'}",
        "        d['names'] = list(shape.members)",
        "        d['members'] = [_pbt_describe(m, depth + 1) for m in shape.members.values()]",
        "    elif kind == 'list':",
        "        d['pairs'] = _pbt_is_pairs(shape)",
        "        d['member'] = _pbt_describe(shape.member, depth + 1)",
        "    elif kind == 'map':",
        "        d['value'] = _pbt_describe(shape.value, depth + 1)",
        "    elif kind == 'string' and shape.enum:",
        "        d['enum'] = list(shape.enum)",
        "    return d",
        "_pbt_spec = _pbt_load('cognitoidentityprovider')",
        "_pbt_paginated = [[op.name, _pbt_list_spec(_pbt_spec.paws_name, op.name).result_key,",
        "                   _pbt_describe(op.output_shape)]",
        "                  for op in _pbt_spec.operations() if op.paginator]",
        sep = "\n"))
      rows <- reticulate::py_eval("_pbt_paginated")
      shapes <<- stats::setNames(lapply(rows, function(r) list(key = r[[2]], output = r[[3]])),
                                 vapply(rows, `[[`, "", 1L))
    }
    shapes
  }
})

member_of <- function(d, name) d$members[[match(name, d$names)]]
is_scalar <- function(d) d$type %in% c("string", "boolean", "integer", "long", "double",
                                       "float", "timestamp", "blob")

# A value of shape `d` as paws returns it, every member filled; `seed` varies the values.
synthetic <- function(d, seed) {
  switch(d$type,
    structure = stats::setNames(lapply(d$members, synthetic, seed = seed), d$names),
    document = list(seed = seed),
    list = if (isTRUE(d$pairs)) {
      list(list(Name = "email", Value = sprintf("u%d@example.com", seed)),
           list(Name = sprintf("custom:n%d", seed), Value = as.character(seed)))
    } else if (is_scalar(d$member) && d$member$type != "blob") {
      synthetic(d$member, seed)
    } else {
      list(synthetic(d$member, seed))
    },
    map = list(k = synthetic(d$value, seed)),
    string = if (length(d$enum)) d$enum[[seed %% length(d$enum) + 1L]] else sprintf("s%d", seed),
    integer = , long = as.numeric(seed),
    double = , float = seed + 0.5,
    boolean = seed %% 2 == 0,
    timestamp = .POSIXct(EPOCH + seed, tz = "GMT"),
    blob = charToRaw(sprintf("b%d", seed)),
    stop("no synthetic value for ", d$type))
}

# A page of `operation` with items seeded 0..n-1 (n = 0: an empty page, as paws returns it).
synthetic_page <- function(operation, n, from = 0L) {
  s <- paginated_shapes()[[operation]]
  page <- synthetic(s$output, 0L)
  page[[s$key]] <- lapply(seq_len(n) + from - 1L, synthetic, d = member_of(s$output, s$key)$member)
  page
}

# The flat columns of an item shape: list(name, path, kind) with kind a scalar type, "pairs"
# or "object"; structures spread into dotted names four levels deep, as in Python.
flat_columns <- function(d, path = character(), depth = 0L) {
  out <- list()
  for (i in seq_along(d$names)) {
    m <- d$members[[i]]
    here <- c(path, d$names[[i]])
    if (m$type == "structure" && depth < 4L) {
      out <- c(out, flat_columns(m, here, depth + 1L))
    } else {
      kind <- if (m$type == "list" && isTRUE(m$pairs)) "pairs"
              else if (is_scalar(m) && m$type != "blob") m$type else "object"
      out[[length(out) + 1L]] <- list(name = paste(here, collapse = "."), path = here,
                                      kind = kind)
    }
  }
  out
}

expect_column_type <- function(x, kind, label) {
  ok <- switch(kind,
    string = is.character(x), boolean = is.logical(x), integer = is.integer(x),
    long = , double = , float = is.double(x) && !inherits(x, "POSIXct"),
    timestamp = inherits(x, "POSIXct") && identical(attr(x, "tzone"), "GMT"),
    object = is.list(x))
  expect_true(ok, label = sprintf("%s is a %s column (got %s)", label, kind, class(x)[1]))
}

test_that("there is a frame for every paginated operation, typed by the model", {
  shapes <- paginated_shapes()
  expect_gte(length(shapes), 11L)
  expect_true(all(c("list_users", "list_users_in_group", "list_groups", "list_user_pools",
                    "list_user_pool_clients", "admin_list_groups_for_user") %in% names(shapes)))
  for (op in names(shapes)) {
    page <- synthetic_page(op, 3L)
    frame <- to_frame(page, operation = op)
    expect_s3_class(frame, "data.frame")
    expect_identical(class(frame), "data.frame")
    expect_identical(nrow(frame), 3L, label = op)
    items <- page[[shapes[[op]]$key]]
    for (col in flat_columns(member_of(shapes[[op]]$output, shapes[[op]]$key)$member)) {
      label <- paste0(op, ": ", col$name)
      if (col$kind == "pairs") {
        expect_identical(frame$email, sprintf("u%d@example.com", 0:2), label = label)
        expect_identical(frame[["custom:n1"]], c(NA, "1", NA), label = label)
        next
      }
      expect_true(col$name %in% names(frame), label = label)
      x <- frame[[col$name]]
      expect_column_type(x, col$kind, label)
      want <- lapply(items, function(item) item[[col$path]])
      if (col$kind == "object") {
        expect_identical(x, want, label = label)
      } else if (col$kind == "integer") {
        expect_identical(x, 0:2, label = label)
      } else if (col$kind == "timestamp") {
        expect_identical(x, .POSIXct(EPOCH + 0:2, tz = "GMT"), label = label)
      } else {
        expect_identical(x, unlist(want), label = label)
      }
    }
    expect_identical(to_frame(page), frame, label = paste(op, "inferred from the page"))
  }
})

test_that("a list of pages, as paginate() returns it, is one frame in page order", {
  pages <- list(synthetic_page("list_users", 2L), synthetic_page("list_users", 0L),
                synthetic_page("list_users", 3L, from = 2L))
  frame <- to_frame(pages)
  expect_identical(frame$Username, sprintf("s%d", 0:4))
  expect_identical(frame$email, sprintf("u%d@example.com", 0:4))
  expect_identical(to_frame(pages, operation = "list_users"), frame)
})

test_that("empty results have the item shape's columns and no rows", {
  shapes <- paginated_shapes()
  svc <- local_service()
  for (op in names(shapes)) {
    cols <- Filter(function(c) c$kind != "pairs",
                   flat_columns(member_of(shapes[[op]]$output, shapes[[op]]$key)$member))
    for (frame in list(to_frame(synthetic_page(op, 0L)),
                       to_frame(list(), operation = op),
                       to_frame(list(), operation = svc[[op]]))) {
      expect_identical(names(frame), vapply(cols, `[[`, "", "name"), label = op)
      expect_identical(nrow(frame), 0L, label = op)
      for (col in cols) expect_column_type(frame[[col$name]], col$kind, paste(op, col$name))
    }
  }
})

test_that("user attributes spread into a column each, in place, a clash prefixed", {
  page <- synthetic_page("list_users", 0L)
  page$Users <- list(
    list(Username = "a", Attributes = list(list(Name = "email", Value = "a@x.com"),
                                           list(Name = "Username", Value = "shadow")),
         UserCreateDate = .POSIXct(EPOCH, tz = "GMT"), Enabled = TRUE,
         UserStatus = "UNCONFIRMED"),
    list(Username = "b", Attributes = list(list(Name = "phone_number", Value = "+15550100")),
         Enabled = FALSE, UserStatus = "CONFIRMED"))
  frame <- to_frame(page)
  expect_identical(names(frame), c("Username", "email", "Attributes.Username", "phone_number",
                                   "UserCreateDate", "UserLastModifiedDate", "Enabled",
                                   "UserStatus", "MFAOptions"))
  expect_identical(frame$email, c("a@x.com", NA))
  expect_identical(frame$Attributes.Username, c("shadow", NA))
  expect_identical(frame$phone_number, c(NA, "+15550100"))
  expect_identical(frame$UserCreateDate, .POSIXct(c(EPOCH, NA), tz = "GMT"))
  expect_identical(frame$Enabled, c(TRUE, FALSE))
})

test_that("to_frame() names the argument that is wrong", {
  skip_without_bridge()
  expect_error(to_frame("x"), "`result` must be a result page")
  expect_error(to_frame(data.frame(a = 1)), "`result` must be a result page")
  expect_error(to_frame(list(list(Users = list()), 3)), "`result[[2]]` is not a result page",
               fixed = TRUE)
  expect_error(to_frame(list()), "pass `operation`")
  expect_error(to_frame(list(), operation = 1), "`operation` must be NULL, an operation name")
  expect_error(to_frame(list(), operation = "resend_confirmation_code"),
               "does not return a list of items", class = "paws_bridge_invalid_argument")
  expect_error(to_frame(list(Foo = 1)), "cannot tell which operation", fixed = TRUE)
  page <- synthetic_page("list_users", 1L)
  page$Users[[1]]$Enabled <- "maybe"
  expect_error(to_frame(page), "Users[[1]]$Enabled", fixed = TRUE)
})

test_that("frames of the local endpoint: users, groups, pools, clients, paginate()", {
  svc <- local_service()
  setup <- local_pool(svc, 5L, name = "frames")
  pool <- setup$pool
  svc$create_group(GroupName = "admins", UserPoolId = pool, Precedence = 1)
  svc$create_group(GroupName = "staff", UserPoolId = pool)
  svc$admin_add_user_to_group(UserPoolId = pool, Username = "user002", GroupName = "admins")

  pages <- paginate(svc$list_users(UserPoolId = pool), PageSize = 2)
  expect_length(pages, 3L)
  users <- to_frame(pages)
  expect_identical(nrow(users), 5L)
  expect_setequal(users$Username, setup$users)
  expect_identical(users$email, paste0(users$Username, "@example.com"))
  expect_setequal(users[["custom:team"]], c("red", "blue"))
  expect_true(all(users$UserStatus == "UNCONFIRMED"))
  expect_s3_class(users$UserCreateDate, "POSIXct")
  expect_true(all(abs(difftime(users$UserCreateDate, Sys.time(), units = "mins")) < 10))
  expect_identical(to_frame(svc$list_users(UserPoolId = pool))[order(users$Username), ]$sub,
                   users[order(users$Username), ]$sub)

  groups <- to_frame(svc$list_groups(UserPoolId = pool))
  expect_setequal(groups$GroupName, c("admins", "staff"))
  expect_identical(groups$Precedence[groups$GroupName == "admins"], 1L)
  expect_identical(groups$Precedence[groups$GroupName == "staff"], NA_integer_)
  mine <- to_frame(svc$admin_list_groups_for_user(Username = "user002", UserPoolId = pool))
  expect_identical(mine$GroupName, "admins")
  members <- to_frame(svc$list_users_in_group(UserPoolId = pool, GroupName = "admins"))
  expect_identical(members$Username, "user002")
  expect_identical(members$email, "user002@example.com")

  pools <- to_frame(paginate(svc$list_user_pools(MaxResults = 60)))
  expect_true(pool %in% pools$Id)
  expect_s3_class(pools$CreationDate, "POSIXct")
  clients <- to_frame(svc$list_user_pool_clients(UserPoolId = pool))
  expect_identical(clients$ClientId, setup$client)
  expect_identical(clients$ClientName, "app")
  empty <- to_frame(svc$list_users_in_group(UserPoolId = pool, GroupName = "staff"))
  expect_identical(nrow(empty), 0L)
  expect_true("Username" %in% names(empty))
})
