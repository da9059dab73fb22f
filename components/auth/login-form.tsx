"use client";

import { useActionState } from "react";
import { Loader2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { FormControl, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { loginAction, type LoginState } from "@/lib/auth/actions";

export function LoginForm({ callbackUrl }: { callbackUrl?: string }) {
  const [state, formAction, pending] = useActionState<LoginState, FormData>(loginAction, {});
  return (
    <form action={formAction} className="grid gap-4" noValidate>
      <input type="hidden" name="callbackUrl" value={callbackUrl ?? "/"} />
      <FormField label="Email" id="email">
        <FormControl>
          <Input name="email" type="email" autoComplete="username" defaultValue={state.email} required autoFocus />
        </FormControl>
      </FormField>
      <FormField label="Password" id="password">
        <FormControl>
          <Input name="password" type="password" autoComplete="current-password" required />
        </FormControl>
      </FormField>
      {state.error ? (
        <p role="alert" className="rounded-md border border-destructive/30 bg-destructive/5 px-3 py-2 text-sm text-destructive">
          {state.error}
        </p>
      ) : null}
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? <Loader2 className="size-4 animate-spin" aria-hidden /> : null}
        Sign in
      </Button>
    </form>
  );
}
