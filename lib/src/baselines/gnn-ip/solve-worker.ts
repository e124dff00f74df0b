/** A helper thread of solve-pool.ts. */
import { serveJobs } from "../../core/threads";
import { instanceSample } from "./solve-pool";

serveJobs(instanceSample);
