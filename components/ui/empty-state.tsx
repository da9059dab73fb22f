import * as React from "react";
import Link from "next/link";

import { Button } from "@/components/ui/button";
import { cn } from "@/lib/utils";

/** The usual way out of an empty page: a link to where the missing thing is made, styled as a button. */
type EmptyStateLink = { href: string; label: string; variant?: "default" | "outline" };

type EmptyStateProps = Omit<React.ComponentProps<"div">, "title"> & {
  icon?: React.ReactNode;
  title: React.ReactNode;
  description?: React.ReactNode;
  /** Optional call-to-action (e.g. a Button); `children` is treated the same way. */
  action?: React.ReactNode;
  /** A call-to-action that opens another page; shown before `action`. */
  link?: EmptyStateLink;
};

function EmptyState({
  icon,
  title,
  description,
  action,
  link,
  children,
  className,
  ...props
}: EmptyStateProps) {
  return (
    <div
      data-slot="empty-state"
      className={cn(
        "flex flex-col items-center justify-center gap-3 rounded-lg border border-dashed px-6 py-12 text-center",
        className,
      )}
      {...props}
    >
      {icon ? (
        <div
          data-slot="empty-state-icon"
          aria-hidden="true"
          className="flex size-10 items-center justify-center rounded-full bg-muted text-muted-foreground [&_svg:not([class*='size-'])]:size-5"
        >
          {icon}
        </div>
      ) : null}
      <div className="flex max-w-sm flex-col gap-1">
        <h3 data-slot="empty-state-title" className="text-sm font-semibold">
          {title}
        </h3>
        {description ? (
          <p data-slot="empty-state-description" className="text-sm text-muted-foreground">
            {description}
          </p>
        ) : null}
      </div>
      {link || action || children ? (
        <div data-slot="empty-state-action" className="mt-1 flex flex-wrap items-center justify-center gap-2">
          {link ? (
            <Button asChild variant={link.variant}>
              <Link href={link.href}>{link.label}</Link>
            </Button>
          ) : null}
          {action}
          {children}
        </div>
      ) : null}
    </div>
  );
}

export { EmptyState };
