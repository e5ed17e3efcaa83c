import { LocalTime } from "@/components/local-time";
import { SignInActivityChart } from "@/components/charts/sign-in-activity-chart";
import { TwoFactorCoverageChart } from "@/components/charts/two-factor-coverage-chart";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { DayActivity } from "@/lib/dashboard/sign-in-activity";
import type { TwoFactorCoverage } from "@/lib/dashboard/two-factor-coverage";

/** The admin's view of the organisation: 2FA coverage with the deadlines coming up, and 30 days of sign-ins. */
export function OrganisationCharts({ coverage, activity }: { coverage: TwoFactorCoverage; activity: DayActivity[] }) {
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <Card aria-labelledby="coverage-title">
        <CardHeader>
          <CardTitle id="coverage-title">2FA coverage</CardTitle>
          <CardDescription>
            {coverage.total} {coverage.total === 1 ? "user" : "users"} by 2FA status.
          </CardDescription>
        </CardHeader>
        <CardContent className="space-y-6">
          <TwoFactorCoverageChart counts={coverage.counts} />
          <div className="space-y-2">
            <h3 className="text-sm font-medium text-foreground">Grace deadlines coming up</h3>
            {coverage.upcomingDeadlines.length === 0 ? (
              <p className="text-sm text-muted-foreground">No Required user has a deadline coming up.</p>
            ) : (
              <ul aria-label="Grace deadlines coming up" className="divide-y divide-border text-sm">
                {coverage.upcomingDeadlines.map((due) => (
                  <li key={due.id} className="flex flex-wrap items-baseline justify-between gap-x-3 py-1.5">
                    <span className="min-w-0 break-words">
                      <span className="font-medium text-foreground">{due.name}</span> <span className="text-muted-foreground">{due.email}</span>
                    </span>
                    <span className="text-muted-foreground">
                      due <LocalTime iso={due.dueAt} />
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </CardContent>
      </Card>
      <Card aria-labelledby="activity-title">
        <CardHeader>
          <CardTitle id="activity-title">Sign-ins, last 30 days</CardTitle>
          <CardDescription>
            Completed sign-ins and failed attempts (wrong password or code, or refused by the Access List) per day, in UTC.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <SignInActivityChart days={activity} />
        </CardContent>
      </Card>
    </div>
  );
}
