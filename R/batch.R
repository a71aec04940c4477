# batch_call(): one call of an operation per row of a data.frame, and a row back for every row.
#
# The run is the Python batch_call()'s (paws_bridge.batching: adaptive pacing from throttling
# answers, retries, SecretHash per row from the service's client_secret, Ctrl-C keeping
# finished rows). It runs in a Python thread while R waits in short Python calls (Python
# threads only run while R is inside Python) and moves a cli progress bar in between; the
# thread never touches R. Argument columns are read from R memory by the operation's input
# shape; the input columns come back as they went in, untouched.

.pb_batch_columns <- c("status", "error_code", "error_message", "attempts")

batch_call <- function(operation, rows, ..., max_workers = 8, progress = interactive(),
                  max_rate = NULL, max_attempts = 10) {
  info <- .pb_operation_info(operation)
  handle <- if (!is.null(info)) environment(operation)$handle
  if (is.null(info) || !is.numeric(handle)) {
    stop("`operation` must be an operation function of a paws.bridge service, ",
         "e.g. svc$resend_confirmation_code", call. = FALSE)
  }
  if (!is.data.frame(rows)) {
    stop("`rows` must be a data.frame with a column per argument, ",
         "e.g. data.frame(Username = users)", call. = FALSE)
  }
  clash <- intersect(names(rows), .pb_batch_columns)
  if (length(clash)) {
    stop(sprintf("`rows` has column(s) named like the result's: %s; rename them",
                 paste(clash, collapse = ", ")), call. = FALSE)
  }
  common <- .pb_batch_common(operation, list(...))
  .pb_check_number(max_workers, "max_workers", 1)
  .pb_check_number(max_attempts, "max_attempts", 1)
  if (!is.null(max_rate)) .pb_check_number(max_rate, "max_rate", 0, whole = FALSE)
  if (!is.logical(progress) || length(progress) != 1L || is.na(progress)) {
    stop("`progress` must be TRUE or FALSE", call. = FALSE)
  }

  tables <- .pb_tables()
  job <- .pb_tables_call(tables, "batch_start", list(rows, common), handle,
                         info$operation, as.integer(max_workers),
                         if (!is.null(max_rate)) as.numeric(max_rate),
                         as.integer(max_attempts), call = sys.call())
  .pb_batch_wait(tables$module, job, nrow(rows), progress)
  out <- .pb_tables_call(tables, "batch_result", NULL, job, call = sys.call())

  result <- rows
  for (name in names(out)) {
    result[[name]] <- out[[name]]
  }
  attr(result, "interrupted") <- attr(out, "interrupted")
  attr(result, "stats") <- attr(out, "stats")
  if (isTRUE(attr(out, "interrupted"))) {
    warning(sprintf("batch_call() was interrupted: %d of %d rows not run (status \"not_run\")",
                    sum(out$status == "not_run"), nrow(rows)), call. = FALSE)
  }
  result
}

# The common arguments as the operation function passes its own: every formal, in model
# order, NULL where not given (the host reads such a list by position).
.pb_batch_common <- function(operation, given) {
  if (length(given) && (is.null(names(given)) || !all(nzchar(names(given))))) {
    stop("arguments in `...` must be named, e.g. ClientId = client_id", call. = FALSE)
  }
  arguments <- names(formals(operation))
  unknown <- setdiff(names(given), arguments)
  if (length(unknown)) {
    stop(sprintf("`...` has argument(s) the operation does not take: %s (it takes: %s)",
                 paste(unknown, collapse = ", "), paste(arguments, collapse = ", ")),
         call. = FALSE)
  }
  common <- rep(list(NULL), length(arguments))
  names(common) <- arguments
  common[names(given)] <- given
  common
}

.pb_check_number <- function(value, name, min, whole = TRUE) {
  if (!is.numeric(value) || length(value) != 1L || is.na(value) || value < min ||
      (whole && value != trunc(value))) {
    stop(sprintf("`%s` must be a single %s >= %s", name,
                 if (whole) "whole number" else "number", min), call. = FALSE)
  }
}

# Wait for the job, moving a progress bar once the run has taken a second. A user interrupt
# (Ctrl-C) stops the sending, as in Python: the calls in flight finish, the rest are not_run.
.pb_batch_wait <- function(module, job, total, progress) {
  started <- Sys.time()
  bar <- NULL
  envir <- environment()
  show <- progress && total > 0L && requireNamespace("cli", quietly = TRUE)
  tryCatch({
    repeat {
      state <- module$batch_wait(job, 0.2)
      finished <- isTRUE(state[[2L]])
      if (show && is.null(bar) && !finished &&
          difftime(Sys.time(), started, units = "secs") > 1) {
        bar <- .pb_batch_bar(total, envir)
      }
      if (!is.null(bar)) {
        cli::cli_progress_update(id = bar, set = state[[1L]], force = finished,
                                 .envir = envir, extra = .pb_batch_note(state, total, started))
      }
      if (finished) break
    }
  }, interrupt = function(e) {
    module$batch_interrupt(job)
  })
  if (!is.null(bar)) cli::cli_progress_done(id = bar, .envir = envir)
  invisible()
}

.pb_batch_bar <- function(total, envir) {
  old <- options(cli.progress_show_after = 0)
  on.exit(options(old), add = TRUE)
  cli::cli_progress_bar(
    total = total, clear = FALSE, .envir = envir, extra = list(note = ""),
    format = "batch {cli::pb_bar} {cli::pb_current}/{cli::pb_total} rows{cli::pb_extra$note}")
}

# The bar's note: rows/s since the start (the bar itself appears after a second), time left,
# and, once the service has throttled, how often and the rate batch_call() keeps to.
.pb_batch_note <- function(state, total, started) {
  done <- state[[1L]]
  elapsed <- as.numeric(difftime(Sys.time(), started, units = "secs"))
  rate <- done / elapsed
  note <- sprintf(" | %.0f rows/s | %s left", rate,
                  if (done > 0) sprintf("%.0fs", (total - done) / rate) else "?")
  if (state[[3L]] > 0L) {
    note <- paste0(note, sprintf(" | throttled %d, pacing %s calls/s", state[[3L]],
                                 if (is.nan(state[[4L]])) "-" else format(round(state[[4L]]))))
  }
  list(note = note)
}
