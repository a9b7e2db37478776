# Golden values for the per-sector first-stage F of the Rotemberg summary (issue 16, part B): for each of
# the 780 share columns of bartik.weight's ADH example, the weighted first stage
#   d_tradeusch_pw ~ Z_k + 15 controls, weights = timepwt48
# fitted by R fixest 0.12.1; F_k = t_k^2 of Z_k's coefficient under iid, "hetero" and clustered by czone
# (fixest's default small-sample rules: iid (n - K), hetero n/(n - K), cluster G/(G - 1) (n - 1)/(n - K)),
# and pi_k (the coefficient) as a check on the kit's pi. Share columns explained by the controls (no
# estimate) are null. Also the weighted 2SLS with the Bartik instrument B = Z g, by fixest.
#   R_LIBS_USER=/work/rlib Rscript test/golden/make_rotemberg_golden.R   (writes rotemberg_golden.json beside it)
suppressPackageStartupMessages({ library(fixest); library(jsonlite) })
args <- commandArgs(trailingOnly = FALSE)
file_arg <- sub("^--file=", "", args[grep("^--file=", args)])
here <- if (length(file_arg) == 1) dirname(normalizePath(file_arg)) else "test/golden"
master <- read.csv(gzfile(file.path(here, "rotemberg_adh_master.csv.gz")))
Z <- as.matrix(read.csv(gzfile(file.path(here, "rotemberg_adh_shares.csv.gz"))))
global <- read.csv(file.path(here, "rotemberg_adh_global.csv"))
controls <- c("reg_midatl", "reg_encen", "reg_wncen", "reg_satl", "reg_escen", "reg_wscen", "reg_mount",
              "reg_pacif", "l_sh_popedu_c", "l_sh_popfborn", "l_sh_empl_f", "l_sh_routine33",
              "l_task_outsource", "t2", "l_shind_manuf_cbp")
fml <- as.formula(paste("d_tradeusch_pw ~ zk +", paste(controls, collapse = " + ")))
K <- ncol(Z)
out <- list(iid = rep(NA_real_, K), hetero = rep(NA_real_, K), cluster_czone = rep(NA_real_, K), pi = rep(NA_real_, K))
for (k in seq_len(K)) {
  d <- cbind(master, zk = Z[, k])
  fit <- feols(fml, d, weights = ~timepwt48, vcov = "iid", notes = FALSE, warn = FALSE)
  if (!"zk" %in% names(coef(fit))) next
  out$pi[k] <- coef(fit)[["zk"]]
  out$iid[k] <- tstat(fit)[["zk"]]^2
  out$hetero[k] <- tstat(summary(fit, vcov = "hetero"))[["zk"]]^2
  out$cluster_czone[k] <- tstat(summary(fit, vcov = ~czone))[["zk"]]^2
}
B <- drop(Z %*% global$trade_)
iv <- feols(as.formula(paste("d_sh_empl_mfg ~", paste(controls, collapse = " + "), "| d_tradeusch_pw ~ B")),
            cbind(master, B = B), weights = ~timepwt48)
res <- list(
  meta = list(R = R.version.string, fixest = as.character(packageVersion("fixest")),
              data = c("rotemberg_adh_master.csv.gz", "rotemberg_adh_shares.csv.gz", "rotemberg_adh_global.csv"),
              formula = deparse1(fml), weights = "timepwt48", nobs = nrow(master),
              n_clusters = length(unique(master$czone))),
  first_stage_F = out,
  bartik_2sls_fixest = unname(coef(iv)[["fit_d_tradeusch_pw"]]))
write_json(res, file.path(here, "rotemberg_golden.json"), digits = NA, auto_unbox = TRUE, pretty = FALSE)
cat("sectors with an estimate:", sum(!is.na(out$pi)), "of", K, "\n")
