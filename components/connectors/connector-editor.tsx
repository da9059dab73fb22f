"use client";

import { useState } from "react";
import { FormProvider, useForm, type UseFormReturn } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { FormControl, FormField, InputField } from "@/components/ui/form-field";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { Textarea } from "@/components/ui/textarea";
import { serverErrorsInto, useAction } from "@/components/hooks/use-action-form";
import { useUnsavedChangesWarning } from "@/components/hooks/use-unsaved-changes";
import { updateGeneralAction, updateGlobalVariablesAction } from "@/lib/connectors/actions";
import type { ConnectorView } from "@/lib/connectors/queries";
import { AuthHeaderSection } from "./editor/auth-header-section";
import { DeliverySection } from "./editor/delivery-section";
import { EndpointSection } from "./editor/endpoint-section";
import { HeadersSection } from "./editor/headers-section";
import { SaveBar } from "./editor/save-bar";
import { SecretField } from "./secret-field";
import {
  GENERAL_FIELDS,
  GLOBAL_FIELDS,
  generalFormSchema,
  generalValuesOf,
  globalInputOf,
  globalValuesOf,
  globalVariablesFormSchema,
  type GeneralValues,
  type GlobalValues,
} from "./editor/values";

type Props = {
  view: ConnectorView;
  canSeeSecrets: boolean;
  writeDenied?: string;
  /** Offer "Use a test inbox" (the hub's test inbox is on). */
  testInboxOn?: boolean;
};

/** Saves through the action with the input as typed; the shared schema validated it first, and the action parses it again. */
const asTyped = { raw: true } as const;

function GeneralForm({ view, writeDenied, form }: { view: ConnectorView; writeDenied?: string; form: UseFormReturn<GeneralValues> }) {
  const readOnly = !!writeDenied;
  const { run } = useAction();
  const { register, formState } = form;

  async function save(values: GeneralValues) {
    const result = await run(() => updateGeneralAction({ connectorId: view.id, ...values }), {
      success: (_, message) => message ?? "Saved.",
      onFailure: serverErrorsInto(form.setError, GENERAL_FIELDS),
    });
    if (result.ok) form.reset({ name: values.name.trim(), description: (values.description ?? "").trim() });
  }

  return (
    <form className="grid max-w-2xl gap-4 rounded-lg border bg-card p-5" noValidate onSubmit={form.handleSubmit(save)}>
      <InputField
        label="Name"
        id="connector-name"
        error={formState.errors.name?.message}
        {...register("name")}
        disabled={readOnly}
        autoComplete="off"
      />
      <FormField
        label="Description"
        id="connector-description"
        error={formState.errors.description?.message}
        description="Optional: what this connector is for, for your team."
      >
        <FormControl>
          <Textarea {...register("description")} disabled={readOnly} rows={3} />
        </FormControl>
      </FormField>
      <SaveBar pending={formState.isSubmitting} writeDenied={writeDenied} dirty={formState.isDirty} />
    </form>
  );
}

function GlobalVariablesForm({ view, canSeeSecrets, writeDenied, testInboxOn, form }: Props & { form: UseFormReturn<GlobalValues> }) {
  const readOnly = !!writeDenied;
  const { run } = useAction();
  const [replacingSecret, setReplacingSecret] = useState(false);
  const { formState } = form;

  async function save(values: GlobalValues) {
    const result = await run(() => updateGlobalVariablesAction({ connectorId: view.id, ...globalInputOf(values) }), {
      success: (_, message) => message ?? "Saved.",
      onFailure: serverErrorsInto(form.setError, GLOBAL_FIELDS),
    });
    if (!result.ok) return;
    // Saved secrets and header values are never sent back: the fields empty and show "saved" instead.
    form.reset({ ...values, secret: "", authHeaderValue: "" });
    setReplacingSecret(false);
  }

  return (
    <FormProvider {...form}>
      <form className="grid max-w-2xl gap-5 rounded-lg border bg-card p-5" noValidate onSubmit={form.handleSubmit(save)}>
        <EndpointSection readOnly={readOnly} testInbox={testInboxOn ? { connectorId: view.id } : undefined} />
        <SecretField
          view={view}
          canSeeSecrets={canSeeSecrets}
          writeDenied={writeDenied}
          replacing={replacingSecret}
          onReplacingChange={setReplacingSecret}
        />
        <AuthHeaderSection readOnly={readOnly} savedValue={view.authHeader.hasValue} />
        <HeadersSection readOnly={readOnly} />
        <DeliverySection readOnly={readOnly} />
        <SaveBar pending={formState.isSubmitting} writeDenied={writeDenied} dirty={formState.isDirty} />
      </form>
    </FormProvider>
  );
}

export function ConnectorEditor({ view, canSeeSecrets, writeDenied, testInboxOn }: Props) {
  // Both forms live here so a tab switch (which unmounts the other tab) keeps their edits.
  const general = useForm<GeneralValues>({
    resolver: zodResolver(generalFormSchema, undefined, asTyped),
    defaultValues: generalValuesOf(view),
  });
  const global = useForm<GlobalValues>({
    resolver: zodResolver(globalVariablesFormSchema, undefined, asTyped),
    defaultValues: globalValuesOf(view),
  });

  useUnsavedChangesWarning(general.formState.isDirty || global.formState.isDirty);

  return (
    <Tabs defaultValue="general">
      <TabsList>
        <TabsTrigger value="general">General</TabsTrigger>
        <TabsTrigger value="global-variables">Global variables</TabsTrigger>
      </TabsList>
      <TabsContent value="general">
        <GeneralForm view={view} writeDenied={writeDenied} form={general} />
      </TabsContent>
      <TabsContent value="global-variables">
        <GlobalVariablesForm view={view} canSeeSecrets={canSeeSecrets} writeDenied={writeDenied} testInboxOn={testInboxOn} form={global} />
      </TabsContent>
    </Tabs>
  );
}
