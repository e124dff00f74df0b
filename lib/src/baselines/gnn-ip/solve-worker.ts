/** A helper thread of solve-pool.ts. */
import { serveJobs } from "../../core/threads";
import { baselineSample } from "./solve-pool";

serveJobs(baselineSample);
