# Resend confirmation codes to every unconfirmed user: the R twin of unconfirmed_users.ipynb.
#
# List a pool's users into a data frame (paginate() + to_frame()), pick the unconfirmed ones,
# and resend all of them a code in one batch_call() call, which retries throttling, records every
# other error per row and never loses a row.
#
# It runs against the local Cognito endpoint that ships with paws-bridge, with 20 ms latency
# per request and a quota of 50 requests per second, like a small real pool: the script
# starts one (`paws-bridge local`), or uses the one at PAWS_BRIDGE_ENDPOINT. Against AWS,
# leave out `endpoint` and the local server.
#
#   RETICULATE_PYTHON=.venv/bin/python Rscript examples/unconfirmed_users.R

library(paws.bridge)

# --- the local endpoint -------------------------------------------------------------------

# Start `paws-bridge local` as a child process, without R's LD_LIBRARY_PATH (it would make the
# child load R's libraries instead of its own); its first line of output is its URL.
start_local_endpoint <- function(...) {
  python <- Sys.getenv("RETICULATE_PYTHON")
  exe <- if (nzchar(python)) file.path(dirname(python), "paws-bridge") else Sys.which("paws-bridge")
  if (!nzchar(exe) || !file.exists(exe)) {
    stop("cannot find the paws-bridge command: set RETICULATE_PYTHON to the Python of ",
         "paws-bridge, or PAWS_BRIDGE_ENDPOINT to a running endpoint")
  }
  out <- tempfile("local-endpoint-")
  command <- sprintf("(exec env -u LD_LIBRARY_PATH %s local --port 0 %s >%s 2>/dev/null </dev/null) & echo $!",
                     shQuote(exe), paste(shQuote(c(...)), collapse = " "), shQuote(out))
  pid <- as.integer(system2("sh", c("-c", shQuote(command)), stdout = TRUE))
  for (i in 1:300) {
    if (file.exists(out) && length(url <- readLines(out, n = 1L, warn = FALSE))) {
      return(list(url = url, stop = function() tools::pskill(pid)))
    }
    Sys.sleep(0.1)
  }
  tools::pskill(pid)
  stop("the local endpoint did not start")
}

main <- function() {
  endpoint <- Sys.getenv("PAWS_BRIDGE_ENDPOINT")
  if (!nzchar(endpoint)) {
    local_endpoint <- start_local_endpoint("--latency-ms", 20, "--rate-limit", 50)
    on.exit(local_endpoint$stop(), add = TRUE)
    endpoint <- local_endpoint$url
  }
  cat("local Cognito endpoint:", endpoint, "\n\n")

  svc <- cognitoidentityprovider(config = list(
    credentials = list(creds = list(access_key_id = "AKIAEXAMPLE", secret_access_key = "x")),
    endpoint = endpoint, region = "eu-west-1"))

  # --- a pool with a few hundred users ----------------------------------------------------
  # 300 people sign up; codes go by SMS to those with a phone number and by email to the
  # rest. Two thirds confirm.
  pool <- svc$create_user_pool(PoolName = "customers",
                               AutoVerifiedAttributes = c("email", "phone_number"))$UserPool$Id
  client <- svc$create_user_pool_client(UserPoolId = pool, ClientName = "web")$UserPoolClient$ClientId

  i <- 0:299
  signups <- data.frame(Username = sprintf("customer%03d", i), Password = "Passw0rd!!")
  signups$UserAttributes <- lapply(i, function(k) {
    c(list(list(Name = "email", Value = sprintf("customer%03d@example.com", k))),
      if (k %% 4 == 0) list(list(Name = "phone_number", Value = sprintf("+1555%07d", k))))
  })
  signed_up <- batch_call(svc$sign_up, signups, ClientId = client)
  confirmed <- batch_call(svc$admin_confirm_sign_up, signups[i %% 3 != 0, "Username", drop = FALSE],
                     UserPoolId = pool)
  cat("sign-ups:", format_counts(signed_up$status), "\n")
  cat("confirmations:", format_counts(confirmed$status), "\n\n")

  # --- every user as a row ------------------------------------------------------------------
  # paginate() fetches every page; to_frame() turns them into one data frame, typed by the
  # service model, with each user attribute as its own column.
  users <- to_frame(paginate(svc$list_users(UserPoolId = pool), PageSize = 60))
  cat("columns and their types:\n")
  print(vapply(users, function(column) class(column)[1], ""))
  unconfirmed <- users[users$UserStatus == "UNCONFIRMED", c("Username", "email", "phone_number")]
  cat(sprintf("\n%d users, %d unconfirmed\n", nrow(users), nrow(unconfirmed)))
  print(head(unconfirmed))

  # Meanwhile a colleague deletes three of them: the batch below meets that, and the quota.
  for (name in unconfirmed$Username[1:3]) {
    svc$admin_delete_user(UserPoolId = pool, Username = name)
  }

  # --- resend them all ----------------------------------------------------------------------
  # Columns named like the operation's arguments are sent (Username); the others ride along
  # into the result. ClientId is the same for every row.
  result <- batch_call(svc$resend_confirmation_code, unconfirmed, ClientId = client, max_workers = 8)
  cat("\nresult:\n")
  print(head(result[c("Username", "status", "attempts", "CodeDeliveryDetails.Destination",
                      "CodeDeliveryDetails.DeliveryMedium")]))
  stats <- attr(result, "stats")
  cat(sprintf("\n%d rows back for %d sent, %g calls, %g throttled answers retried, %.1fs\n",
              nrow(result), nrow(unconfirmed), stats$calls, stats$throttled, stats$elapsed))

  cat("\nrows by status and error code:\n")
  print(table(status = result$status, error_code = result$error_code, useNA = "ifany"))
  cat("\ncodes by delivery medium:\n")
  medium <- ifelse(is.na(result$CodeDeliveryDetails.DeliveryMedium), "(none)",
                   result$CodeDeliveryDetails.DeliveryMedium)
  print(table(medium))
  cat("\nrows that failed:\n")
  print(result[result$status != "ok", c("Username", "status", "error_code", "error_message")],
        row.names = FALSE)

  png_file <- file.path(tempdir(), "unconfirmed_users.png")
  grDevices::png(png_file, width = 900, height = 320)
  graphics::par(mfrow = c(1, 2))
  graphics::barplot(table(result$status), main = "rows by status", col = "steelblue")
  graphics::barplot(table(medium), main = "codes by delivery medium", col = "darkorange")
  grDevices::dev.off()
  cat("\nplot:", png_file, "\n")

  # Every unconfirmed user has a row: a code was sent ("ok"), or the reason it was not is in
  # error_code. Failed rows can be sent again:
  #   batch_call(svc$resend_confirmation_code, result[result$status != "ok", "Username", drop = FALSE],
  #         ClientId = client)
  invisible(result)
}

format_counts <- function(status) {
  counts <- table(status)
  paste(sprintf("%s %d", names(counts), counts), collapse = ", ")
}

main()
