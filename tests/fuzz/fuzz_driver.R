# The R half of the model fuzzer (tests/fuzz/model_fuzz.py): one R process builds every
# case's arguments from its descriptor, calls the operation through paws.bridge, and writes
# one outcome per case: ok, refused (paws_bridge_invalid_argument, or R's own error for a
# missing/unused argument) or crash (anything else).
#
# Descriptors: list(k = kind, v = values, n = names); kinds chr, dbl ("NaN", "Inf", "-Inf"
# as strings), int, lgl (null = NA), raw (base64), posix (seconds), list, null, env, fun,
# badutf8.
args <- commandArgs(trailingOnly = TRUE)
spec <- jsonlite::fromJSON(args[[1]], simplifyVector = FALSE)
library(paws.bridge)

num <- function(v) {
  vapply(v, function(x) {
    if (is.null(x)) NA_real_ else if (is.character(x)) switch(x, "NaN" = NaN, "Inf" = Inf, "-Inf" = -Inf, NA_real_) else as.numeric(x)
  }, numeric(1))
}

build <- function(d) {
  k <- d$k
  v <- d$v
  x <- switch(k,
    chr = vapply(v, function(s) if (is.null(s)) NA_character_ else enc2utf8(s), character(1)),
    dbl = num(v),
    int = as.integer(vapply(v, function(i) if (is.null(i)) NA_real_ else as.numeric(i), numeric(1))),
    lgl = vapply(v, function(b) if (is.null(b)) NA else isTRUE(b), logical(1)),
    raw = jsonlite::base64_dec(v),
    posix = as.POSIXct(num(v), origin = "1970-01-01", tz = "UTC"),
    list = lapply(v, build),
    null = NULL,
    env = new.env(),
    fun = function() NULL,
    badutf8 = rawToChar(as.raw(c(0x61, 0xff, 0x62))),
    stop("unknown descriptor kind ", k))
  if (identical(k, "list") && !is.null(d$n)) names(x) <- unlist(d$n)
  x
}

clients <- list()
outcomes <- vector("list", length(spec$cases))
for (i in seq_along(spec$cases)) {
  case <- spec$cases[[i]]
  svc <- clients[[case$service]]
  if (is.null(svc)) {
    ctor <- getExportedValue("paws.bridge", case$service)
    svc <- ctor(config = list(endpoint = spec$endpoint, region = "us-east-1", max_retries = 0,
                              credentials = list(creds = list(access_key_id = "AKIDFUZZ", secret_access_key = "fuzz"))))
    clients[[case$service]] <- svc
  }
  a <- build(case$args)
  if (is.null(a)) a <- list()
  outcomes[[i]] <- tryCatch({
    do.call(svc[[case$op]], a)
    list(status = "ok", message = "")
  }, paws_bridge_invalid_argument = function(e) {
    list(status = "refused", message = conditionMessage(e))
  }, error = function(e) {
    msg <- conditionMessage(e)
    # R's own signature checks, before anything reaches the bridge
    if (grepl("is missing, with no default|unused argument", msg)) list(status = "refused", message = msg)
    else if (grepl("operations are not supported yet", msg, fixed = TRUE)) list(status = "unsupported", message = msg)
    else list(status = "crash", message = paste(class(e)[1], msg))
  })
}
writeLines(jsonlite::toJSON(outcomes, auto_unbox = TRUE), args[[2]])
