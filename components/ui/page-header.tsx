import * as React from "react";

import { cn } from "@/lib/utils";

type PageHeaderProps = Omit<React.ComponentProps<"div">, "title"> & {
  title: React.ReactNode;
  description?: React.ReactNode;
  /** Right-aligned actions; `children` are rendered there too. */
  actions?: React.ReactNode;
};

/**
 * A page's h1 and what the page is for. A page whose h1 is also its tab title keeps it in one `title`
 * constant, for both this h1 and `metadata`, so the two cannot drift apart.
 */
function PageHeader({
  title,
  description,
  actions,
  children,
  className,
  ...props
}: PageHeaderProps) {
  return (
    <div
      data-slot="page-header"
      className={cn("flex flex-wrap items-start justify-between gap-4 pb-4", className)}
      {...props}
    >
      <div className="flex min-w-0 flex-col gap-1">
        <h1 data-slot="page-header-title" className="text-xl font-semibold tracking-tight">
          {title}
        </h1>
        {description ? (
          <p data-slot="page-header-description" className="text-sm text-muted-foreground">
            {description}
          </p>
        ) : null}
      </div>
      {actions || children ? (
        <div data-slot="page-header-actions" className="flex shrink-0 flex-wrap items-center gap-2">
          {actions}
          {children}
        </div>
      ) : null}
    </div>
  );
}

export { PageHeader };
