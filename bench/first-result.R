# The R side of the workshop benchmark (bench/workshop.ts runs it; do not need to run it by hand):
# from a fresh Rscript to the first clustered two-way fixed-effects result on the study panel, the
# way a participant would do it in R — load fixest, read data/panel.csv, fit the baseline model.
#   R_LIBS_USER=<library with fixest> Rscript bench/first-result.R <project root>
# Prints one JSON line: seconds for each step (proc.time, elapsed), the coefficient and SE of ai
# (to check it is the same model as the kernel's), and the process's resident set (/proc/self/status).
t0 <- proc.time()[["elapsed"]]
suppressPackageStartupMessages(library(fixest))
t1 <- proc.time()[["elapsed"]]
args <- commandArgs(trailingOnly = TRUE)
root <- if (length(args) >= 1) args[1] else "."
panel <- read.csv(file.path(root, "data", "panel.csv"))
t2 <- proc.time()[["elapsed"]]
fit <- feols(shrink ~ ai + lnpgdp + gov + fin + open + hc + infra + density | code + year, panel, cluster = ~code)
b <- coef(fit)[["ai"]]
s <- se(fit)[["ai"]]
t3 <- proc.time()[["elapsed"]]
status <- readLines("/proc/self/status")
kb <- function(key) as.numeric(sub("^[^0-9]*([0-9]+).*$", "\\1", grep(paste0("^", key, ":"), status, value = TRUE)))
cat(sprintf('{"loadFixest": %.4f, "readPanel": %.4f, "fit": %.4f, "ai": %.17g, "se": %.17g, "rssMB": %.1f, "peakRssMB": %.1f, "fixest": "%s", "nthreads": %d}\n',
  t1 - t0, t2 - t1, t3 - t2, b, s, kb("VmRSS") / 1024, kb("VmHWM") / 1024, as.character(packageVersion("fixest")), getFixest_nthreads()))
