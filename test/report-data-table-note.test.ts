/** buildDataTable's `dataNote` option: the data set's note under a table of estimates, never by default. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildDataTable } from "../lib/report/dataTable";
import { reportDefaults, setReportDefaults } from "../lib/report/defaults";

test("buildDataTable adds the data set's note only when asked, after the table's own notes", () => {
  const before = reportDefaults();
  const note = { en: "Data: a test note on the data set.", zh: "数据：测试说明。" };
  try {
    setReportDefaults({ dataNote: note });
    const rows = [{ inference: "AKM", p: 0.2 }];
    assert.deepEqual(buildDataTable(rows, { notes: ["own note"] }).notes, ["own note"]);
    assert.deepEqual(buildDataTable(rows, { notes: ["own note"], dataNote: true }).notes, ["own note", note.en]);
    setReportDefaults({ dataNote: undefined });
    assert.deepEqual(buildDataTable(rows, { dataNote: true }).notes, []);
  } finally {
    setReportDefaults({ dataNote: before.dataNote });
  }
});
