# moto's server (every AWS service moto has) on a loopback port, for the S3/IAM/EC2 tests:
# started on first use, shared by the run and stopped when R exits.

.moto <- new.env(parent = emptyenv())
reg.finalizer(.moto, function(e) {
  if (!is.null(e$child)) paws.bridge:::.pb_stop_process(e$child)
}, onexit = TRUE)

local_moto <- function() {
  skip_without_bridge()
  if (is.null(.moto$child) || !paws.bridge:::.pb_process_alive(.moto$child$pid)) {
    code <- paste(
      "import sys, time",
      "from moto.server import ThreadedMotoServer",
      "s = ThreadedMotoServer(ip_address='127.0.0.1', port=0, verbose=False)",
      "s.start()",
      "print('http://%s:%d' % s.get_host_and_port(), flush=True)",
      "sys.stdin.close()",
      "time.sleep(3600)", sep = "\n")
    .moto$child <- paws.bridge:::.pb_spawn_python(c("-c", code))
    .moto$url <- paws.bridge:::.pb_child_first_line(.moto$child, timeout = 60)
  }
  .moto$url
}

moto_config <- function(...) {
  list(credentials = list(creds = list(access_key_id = "test", secret_access_key = "test")),
       endpoint = local_moto(), region = "us-east-1", ...)
}
