import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";

// Testing Library unmounts after each test by itself only where `afterEach` is a global; here it is not.
afterEach(cleanup);
