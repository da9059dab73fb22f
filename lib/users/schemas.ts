import { z } from "zod";

const roles = ["admin", "marketer"] as const;

const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, "Enter an email address.")
  .max(254, "Use at most 254 characters.")
  .pipe(z.email("Enter a valid email address."));

const passwordSchema = z
  .string()
  .min(10, "Use at least 10 characters.")
  .max(200, "Use at most 200 characters.");

export const createUserSchema = z.object({
  name: z.string().trim().min(1, "Enter a name.").max(100, "Use at most 100 characters."),
  email: emailSchema,
  role: z.enum(roles, { error: "Choose a role." }),
  password: passwordSchema,
});

export const changeRoleSchema = z.object({
  userId: z.uuid("Unknown user."),
  role: z.enum(roles, { error: "Choose a role." }),
});

export const setUserActiveSchema = z.object({
  userId: z.uuid("Unknown user."),
  active: z.boolean(),
});
