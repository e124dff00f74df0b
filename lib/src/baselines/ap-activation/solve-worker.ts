/** A helper thread of solve-pool.ts. */
import { serveJobs } from "../../core/threads";
import { allocateOne } from "./solve-pool";

serveJobs(allocateOne);
